"""`demo.workers.ChunkPool`: chunks drawn by worker processes come back in order, and never touch the database."""

import os

import pytest

from accounts.models import User
from demo.workers import ChunkPool


def square_with_pid(index: int, item: int) -> tuple[int, int, int]:
    return index, item * item, os.getpid()


def count_users(_index: int, _item: int) -> int:
    return User.objects.count()


def test_results_come_back_in_input_order_whoever_drew_them():
    inputs = list(range(40))
    with ChunkPool(square_with_pid, 0) as here:
        expected = [(i, i * i) for i, _sq, _pid in here.results(inputs)]
    with ChunkPool(square_with_pid, 2) as pool:
        results = list(pool.results(inputs))
    assert [(i, sq) for i, sq, _pid in results] == expected
    assert os.getpid() not in {pid for _i, _sq, pid in results}


@pytest.mark.django_db
def test_a_worker_cannot_use_the_seeding_processs_connection():
    User.objects.count()  # the connection is open when the workers fork
    with ChunkPool(count_users, 1) as pool, pytest.raises(RuntimeError, match="does not use the database"):
        list(pool.results([1]))
    assert User.objects.count() >= 0  # and it still works here
