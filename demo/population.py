"""The municipality, its teams and staff, and the residents in their households.

Residents are generated buurt by buurt and written in batches with ``bulk_create``; only the
households chosen for a dossier are kept in memory (as small records), so a million
residents fit in a modest amount of memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from accounts.models import Role, User
from demo import texts
from demo.bulk import IdAllocator, insert_rows
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, demo_totp_key
from organisation.models import Buurt, Gemeente, Team, TeamMembership, Wijk
from residents.bsn import complete_bsn
from residents.models import (
    Huishouden,
    HuishoudenLid,
    HuishoudenType,
    Inwoner,
    LidRol,
    Netwerkrelatie,
    RelatieType,
)

BATCH_SIZE = 5000
#: Dutch postcodes never use these letter pairs.
_FORBIDDEN_LETTERS = frozenset({"SA", "SD", "SS"})
_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"

# Household types (roughly CBS shares), tuned to about 2.4 persons per household.
HOUSEHOLD_WEIGHTS: dict[str, int] = {
    HuishoudenType.ALLEENSTAAND: 31,
    HuishoudenType.PAAR_ZONDER_KINDEREN: 27,
    HuishoudenType.PAAR_MET_KINDEREN: 31,
    HuishoudenType.EENOUDERGEZIN: 9,
    HuishoudenType.OVERIG: 2,
}
PERSONS_PER_HOUSEHOLD = 2.38


@dataclass(frozen=True)
class NamePools:
    """Names drawn once from Faker (seeded), then picked with ``random.Random``: fast and deterministic."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[tuple[str, str], ...]  # (tussenvoegsel, achternaam)
    streets: tuple[str, ...]

    @classmethod
    def build(cls, seed: int) -> NamePools:
        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        male = tuple(sorted({fake.first_name_male() for _ in range(600)}))
        female = tuple(sorted({fake.first_name_female() for _ in range(600)}))
        last = tuple(sorted({_split_prefix(fake.last_name()) for _ in range(3000)}))
        streets = tuple(sorted({fake.street_name() for _ in range(1500)}))
        return cls(male=male, female=female, last=last, streets=streets)


def _split_prefix(last_name: str) -> tuple[str, str]:
    """'van der Meer' -> ('van der', 'Meer'): the tussenvoegsel is a separate field."""
    words = last_name.split(" ")
    prefix = [w for w in words[:-1] if w.islower()]
    if len(prefix) == len(words) - 1 and prefix:
        return " ".join(prefix), words[-1]
    return "", last_name


@dataclass
class StaffMember:
    user_id: int
    role: str
    name: str


@dataclass
class TeamInfo:
    team_id: int
    name: str
    members: list[StaffMember] = field(default_factory=list)

    def with_role(self, *roles: str) -> list[StaffMember]:
        return [m for m in self.members if m.role in roles]


@dataclass
class Organisation:
    gemeente_id: int
    teams: list[TeamInfo]
    #: Per buurt: (buurt id, team index, inhabitants, first postcode digits).
    buurten: list[tuple[int, int, int, int]]
    users_by_username: dict[str, int]
    #: The wijken's names in order, and per buurt id the index of its wijk (demo/areas.py: how they differ).
    wijk_names: tuple[str, ...] = ()
    wijk_of_buurt: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    inwoner_id: int
    name: str
    birth: date
    rol: str


@dataclass(frozen=True)
class CandidateHousehold:
    """A household that will get a dossier, with what the casework generator needs."""

    huishouden_id: int
    team: int
    members: tuple[Person, ...]
    network: tuple[str, ...]


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integer parts proportional to `weights` (largest remainder)."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def team_size(inhabitants: int) -> int:
    """11–25 staff for a real area (12–40k residents); smaller for a small demo, at least 3."""
    return max(3, min(25, round(inhabitants / 1500)))


def build_organisation(rng: random.Random, pools: NamePools, residents: int, today: date) -> Organisation:
    gemeente = Gemeente.objects.create(
        name=texts.GEMEENTE_NAME,
        cbs_code=texts.GEMEENTE_CBS_CODE,
        postal_address="Postbus 1000, 9999 ZZ Voorbeeldstad",
        phone="14 0999",
    )
    wijk_count = 4 if residents < 5_000 else 5 if residents < 200_000 else 6
    wijk_inhabitants = _apportion(residents, [rng.uniform(0.7, 1.3) for _ in range(wijk_count)])
    wijken = Wijk.objects.bulk_create(
        Wijk(gemeente=gemeente, name=texts.WIJK_NAMES[i], cbs_code=f"WK{texts.CBS_NUMBER}{i:02d}")
        for i in range(wijk_count)
    )
    # Small towns share a team between two wijken; larger ones have a team per wijk.
    # The second team always includes Noord (the demo account "generalist_noord" works there).
    team_count = (wijk_count + 1) // 2 if residents < 50_000 else wijk_count
    team_of_wijk = [i % team_count for i in range(wijk_count)]
    teams = Team.objects.bulk_create(
        Team(
            gemeente=gemeente,
            name="Wijkteam " + " en ".join(texts.WIJK_NAMES[w] for w in range(wijk_count) if team_of_wijk[w] == t),
        )
        for t in range(team_count)
    )
    Team.wijken.through.objects.bulk_create(
        Team.wijken.through(team_id=teams[team_of_wijk[w]].pk, wijk_id=wijken[w].pk) for w in range(wijk_count)
    )

    buurt_names = list(texts.BUURT_NAMES)
    rng.shuffle(buurt_names)
    buurt_rows: list[Buurt] = []
    buurt_meta: list[tuple[int, int, int]] = []
    buurt_wijk: list[int] = []
    per_wijk = max(2, min(8, residents // (wijk_count * 2500) + 2))
    for w, wijk in enumerate(wijken):
        for b, inhabitants in enumerate(
            _apportion(wijk_inhabitants[w], [rng.uniform(0.6, 1.4) for _ in range(per_wijk)])
        ):
            name = buurt_names[(w * per_wijk + b) % len(buurt_names)]
            if w * per_wijk + b >= len(buurt_names):
                name = f"{name} {wijk.name}"
            buurt_rows.append(
                Buurt(wijk=wijk, name=name, cbs_code=f"BU{texts.CBS_NUMBER}{w:02d}{b:02d}", inhabitants=inhabitants)
            )
            buurt_meta.append((team_of_wijk[w], inhabitants, 7000 + w * 100 + b * 10))
            buurt_wijk.append(w)
    buurten = Buurt.objects.bulk_create(buurt_rows)

    team_inhabitants = [0] * team_count
    for team_index, inhabitants, _pc in buurt_meta:
        team_inhabitants[team_index] += inhabitants
    users_by_username, team_infos = _build_staff(rng, pools, teams, team_inhabitants, today)
    return Organisation(
        gemeente_id=gemeente.pk,
        teams=team_infos,
        buurten=[(b.pk, t, n, pc) for b, (t, n, pc) in zip(buurten, buurt_meta, strict=True)],
        users_by_username=users_by_username,
        wijk_names=tuple(wijk.name for wijk in wijken),
        wijk_of_buurt={b.pk: w for b, w in zip(buurten, buurt_wijk, strict=True)},
    )


def _build_staff(
    rng: random.Random, pools: NamePools, teams: list[Team], team_inhabitants: list[int], today: date
) -> tuple[dict[str, int], list[TeamInfo]]:
    # One hash for every synthetic account: hashing per user would cost seconds each.
    password = make_password(DEMO_PASSWORD)
    users: list[User] = []
    placement: list[tuple[int | None, bool]] = []  # (team index, is leader)
    taken: set[str] = set()

    def add(username: str, role: str, first: str, last: str, team: int | None, leader: bool = False) -> None:
        taken.add(username)
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@voorbeeldstad.example",
                role=role,
                is_synthetic=True,
                password=password,
                is_staff=role == Role.FUNCTIONEEL_BEHEERDER,
            )
        )
        placement.append((team, leader))

    for login in DEMO_LOGINS:
        add(login.username, login.role, login.first_name, login.last_name, login.team, login.role == Role.TEAMLEIDER)

    def random_person(role: str, team: int | None, leader: bool = False) -> None:
        first = rng.choice(pools.female if rng.random() < 0.75 else pools.male)
        prefix, last = rng.choice(pools.last)
        base = f"{first[0]}.{prefix.replace(' ', '')}{last}".lower()
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        add(username, role, first, f"{prefix} {last}".strip(), team, leader)

    for t, inhabitants in enumerate(team_inhabitants):
        size = team_size(inhabitants)
        present = [login for login in DEMO_LOGINS if login.team == t]
        if not any(login.role == Role.TEAMLEIDER for login in present):
            random_person(Role.TEAMLEIDER, t, leader=True)
            size -= 1
        consulents = 1 if size >= 5 else 0
        consulents -= sum(1 for login in present if login.role == Role.CONSULENT)
        for _ in range(max(0, consulents)):
            random_person(Role.CONSULENT, t)
        remaining = size - len(present) - max(0, consulents)
        # Every team needs at least two generalists (a regisseur and a second colleague).
        remaining = max(remaining, 2 - sum(1 for login in present if login.role == Role.GENERALIST))
        for _ in range(remaining):
            random_person(Role.GENERALIST, t)
    for _ in range(1 if sum(team_inhabitants) < 100_000 else 3):
        random_person(Role.BELEIDSMEDEWERKER, None)
    random_person(Role.FUNCTIONEEL_BEHEERDER, None)

    created = User.objects.bulk_create(users)
    infos = [TeamInfo(team_id=team.pk, name=team.name) for team in teams]
    memberships = []
    for user, (team_index, leader) in zip(created, placement, strict=True):
        if team_index is None:
            continue
        memberships.append(
            TeamMembership(
                team_id=infos[team_index].team_id,
                user=user,
                fte=Decimal(rng.choice(("0.56", "0.67", "0.78", "0.89", "1.00"))),
                home_organisation=(
                    texts.GEMEENTE_NAME
                    if user.role == Role.CONSULENT
                    else rng.choice(texts.HOME_ORGANISATIONS[:5])
                    if user.role == Role.GENERALIST
                    else "Welzijn Voorbeeldstad"
                ),
                is_leader=leader,
                start=today - timedelta(days=rng.randint(90, 2500)),
            )
        )
        infos[team_index].members.append(StaffMember(user.pk, user.role, user.get_full_name()))
    TeamMembership.objects.bulk_create(memberships)
    _give_demo_logins_their_second_factor(created)
    beheer_group = Group.objects.filter(name="Functioneel beheer").first()
    if beheer_group is not None:
        beheer_group.user_set.add(*(u for u in created if u.role == Role.FUNCTIONEEL_BEHEERDER))
    return {u.username: u.pk for u in created}, infos


def _give_demo_logins_their_second_factor(users: list[User]) -> None:
    """The documented demo accounts get an enrolled authenticator with a fixed, synthetic key.

    Every account needs a second factor; for these the key is public (demo.logins.demo_totp_key) and
    `manage.py demo_logins` prints the current code. The other synthetic staff enrol on first login.
    """
    demo_usernames = {login.username for login in DEMO_LOGINS}
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="Demo-authenticator", key=demo_totp_key(user.username).hex(), confirmed=True)
        for user in users
        if user.username in demo_usernames and user.is_synthetic
    )


class BsnSequence:
    """Unique valid BSNs from a synthetic range (starting with 9), in a seeded scrambled order."""

    _SPACE = 10_000_000

    def __init__(self, rng: random.Random) -> None:
        self._step = rng.choice((7_654_321, 3_141_593, 2_718_281, 9_876_543))  # coprime with 10^7
        self._offset = rng.randrange(self._SPACE)
        self._index = 0

    def __next__(self) -> str:
        while True:
            value = (self._offset + self._step * self._index) % self._SPACE
            self._index += 1
            candidate = complete_bsn(f"9{value:07d}")
            if candidate:
                return candidate

    def __iter__(self) -> Iterator[str]:
        return self


INWONER_COLUMNS = (
    "id",
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "woonplaats",
    "buurt_id",
    "telefoon",
    "is_synthetic",
)


@dataclass
class _Pending:
    huishouden_id: int
    type: str
    members: list[tuple[tuple[object, ...], str, Person]]  # (Inwoner row, rol, summary)
    network: list[tuple[str, str, int | None, str]]  # name, type, member index, note
    candidate_team: int | None


class ResidentWriter:
    """Buffers households and writes them in batches (households, residents, members, network)."""

    def __init__(
        self, on_written: Callable[[int], object], submit: Callable[[Callable[[], object]], None] | None = None
    ) -> None:
        #: Runs a batch's inserts (a `BackgroundWriter`'s submit: while the next batch is drawn); default: now.
        self._submit = submit or (lambda job: job())
        self.pending: list[_Pending] = []
        self.buffered_people = 0
        self.candidates: list[CandidateHousehold] = []
        self.households = 0
        self._on_written = on_written

    def add(self, item: _Pending) -> None:
        self.pending.append(item)
        self.buffered_people += len(item.members)
        if self.buffered_people >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self._submit(partial(_insert_households, self.pending))
        for p in self.pending:
            if p.candidate_team is not None:
                self.candidates.append(
                    CandidateHousehold(
                        huishouden_id=p.huishouden_id,
                        team=p.candidate_team,
                        members=tuple(person for _row, _rol, person in p.members),
                        network=tuple(n[0] for n in p.network),
                    )
                )
        self.households += len(self.pending)
        self._on_written(self.buffered_people)
        self.pending = []
        self.buffered_people = 0


def _insert_households(pending: list[_Pending]) -> None:
    insert_rows(Huishouden, ("id", "type"), ((p.huishouden_id, p.type) for p in pending))
    insert_rows(Inwoner, INWONER_COLUMNS, (row for p in pending for row, _rol, _person in p.members))
    insert_rows(
        HuishoudenLid,
        ("huishouden_id", "inwoner_id", "rol"),
        ((p.huishouden_id, person.inwoner_id, rol) for p in pending for _row, rol, person in p.members),
    )
    insert_rows(
        Netwerkrelatie,
        ("huishouden_id", "name", "type", "for_inwoner_id", "telefoon", "note"),
        (
            (p.huishouden_id, name, kind, p.members[index][2].inwoner_id if index is not None else None, "", note)
            for p in pending
            for name, kind, index, note in p.network
        ),
    )


class PopulationBuilder:
    def __init__(
        self, rng: random.Random, pools: NamePools, today: date, dossier_rate: float, ids: IdAllocator
    ) -> None:
        self.ids = ids
        self.rng = rng
        self.pools = pools
        self.today = today
        self.dossier_rate = dossier_rate
        self.bsns = BsnSequence(rng)

    def build(self, organisation: Organisation, writer: ResidentWriter) -> None:
        rng = self.rng
        types = list(HOUSEHOLD_WEIGHTS)
        weights = list(HOUSEHOLD_WEIGHTS.values())
        for buurt_id, team, inhabitants, pc4 in organisation.buurten:
            streets = rng.sample(self.pools.streets, k=max(3, min(40, inhabitants // 400 + 3)))
            numbers = [0] * len(streets)
            left = inhabitants
            while left > 0:
                kind = rng.choices(types, weights)[0]
                sizes = self._sizes(kind)
                if sum(sizes) > left:
                    kind, sizes = self._fit(left)
                left -= sum(sizes)
                s = rng.randrange(len(streets))
                numbers[s] += rng.randint(1, 3)
                address = self._address(streets[s], numbers[s], pc4 + s % 10, s)
                writer.add(self._household(kind, sizes, address, buurt_id, team))

    def _sizes(self, kind: str) -> tuple[int, int]:
        """(adults, children) for a household type."""
        if kind == HuishoudenType.ALLEENSTAAND:
            return 1, 0
        if kind == HuishoudenType.PAAR_ZONDER_KINDEREN:
            return 2, 0
        if kind == HuishoudenType.PAAR_MET_KINDEREN:
            return 2, self.rng.choices((1, 2, 3, 4), (30, 45, 18, 7))[0]
        if kind == HuishoudenType.EENOUDERGEZIN:
            return 1, self.rng.choices((1, 2, 3), (50, 35, 15))[0]
        return 3, 0

    @staticmethod
    def _fit(left: int) -> tuple[str, tuple[int, int]]:
        if left == 1:
            return HuishoudenType.ALLEENSTAAND, (1, 0)
        if left == 2:
            return HuishoudenType.PAAR_ZONDER_KINDEREN, (2, 0)
        return HuishoudenType.PAAR_MET_KINDEREN, (2, left - 2)

    def _address(self, street: str, number: int, pc4: int, street_index: int) -> tuple[object, ...]:
        letters = _LETTERS[street_index % len(_LETTERS)] + _LETTERS[(number // 12) % len(_LETTERS)]
        if letters in _FORBIDDEN_LETTERS:
            letters = letters[0] + "B"
        suffix = self.rng.choice(("", "", "", "", "", "A", "B", "-1", "-2"))
        return (street, number, suffix, f"{pc4}{letters}", texts.GEMEENTE_NAME)

    def _birth(self, min_age: int, max_age: int) -> date:
        return self.today - timedelta(days=self.rng.randint(min_age * 365 + 1, max_age * 365 + 364))

    def _person(
        self, birth: date, last: tuple[str, str], address: tuple[object, ...], buurt_id: int, female: bool, rol: str
    ) -> tuple[tuple[object, ...], str, Person]:
        rng = self.rng
        first = rng.choice(self.pools.female if female else self.pools.male)
        if rng.random() < 0.3:
            first = f"{first} {rng.choice(self.pools.female if female else self.pools.male)}"
        adult = (self.today - birth).days >= 18 * 365
        phone = f"06{rng.randrange(10**8):08d}" if adult and rng.random() < 0.7 else ""
        inwoner_id = self.ids(Inwoner)
        straat, huisnummer, toevoeging, postcode, woonplaats = address
        row = (
            inwoner_id, next(self.bsns), first, last[0], last[1], birth,
            straat, huisnummer, toevoeging, postcode, woonplaats, buurt_id, phone, True,
        )  # fmt: skip
        name = " ".join(part for part in (first, last[0], last[1]) if part)
        return row, rol, Person(inwoner_id, name, birth, rol)

    def _household(
        self, kind: str, sizes: tuple[int, int], address: tuple[object, ...], buurt_id: int, team: int
    ) -> _Pending:
        rng = self.rng
        adults, children = sizes
        family = rng.choice(self.pools.last)
        members: list[tuple[tuple[object, ...], str, Person]] = []
        if kind == HuishoudenType.ALLEENSTAAND:
            # Many single-person households are older people (two-thirds of Wmo users are 65+).
            birth = self._birth(*rng.choices(((18, 40), (40, 65), (65, 97)), (35, 30, 35))[0])
            members.append(self._person(birth, family, address, buurt_id, rng.random() < 0.55, LidRol.HOOFD))
        elif kind == HuishoudenType.OVERIG:
            head = self._birth(45, 85)
            members.append(self._person(head, family, address, buurt_id, rng.random() < 0.6, LidRol.HOOFD))
            for _ in range(adults - 1):
                members.append(
                    self._person(self._birth(18, 40), family, address, buurt_id, rng.random() < 0.5, LidRol.OVERIG)
                )
        else:
            with_children = children > 0
            head_age = (24, 55) if with_children else (20, 92)
            head = self._birth(*head_age)
            female_head = rng.random() < (0.8 if kind == HuishoudenType.EENOUDERGEZIN else 0.5)
            members.append(self._person(head, family, address, buurt_id, female_head, LidRol.HOOFD))
            if adults == 2:
                partner_birth = head + timedelta(days=rng.randint(-6 * 365, 6 * 365))
                partner_birth = min(partner_birth, self.today - timedelta(days=19 * 365))
                partner_name = family if rng.random() < 0.6 else rng.choice(self.pools.last)
                members.append(
                    self._person(partner_birth, partner_name, address, buurt_id, not female_head, LidRol.PARTNER)
                )
            head_age_years = (self.today - head).days // 365
            for _ in range(children):
                oldest = max(0, min(21, head_age_years - 18))
                age = rng.randint(0, oldest)
                child_birth = self.today - timedelta(days=age * 365 + rng.randint(1, 364))
                members.append(self._person(child_birth, family, address, buurt_id, rng.random() < 0.5, LidRol.KIND))

        is_candidate = rng.random() < self.dossier_rate
        network: list[tuple[str, str, int | None, str]] = []
        if rng.random() < (0.7 if is_candidate else 0.2):
            for _ in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
                prefix, last = rng.choice(self.pools.last)
                first = rng.choice(self.pools.female if rng.random() < 0.65 else self.pools.male)
                kind_of = rng.choices([r.value for r in RelatieType], (30, 30, 15, 10, 8, 4, 3))[0]
                network.append(
                    (
                        " ".join(p for p in (first, prefix, last) if p),
                        kind_of,
                        rng.randrange(len(members)) if rng.random() < 0.8 else None,
                        rng.choice(texts.NETWORK_NOTES),
                    )
                )
        return _Pending(
            huishouden_id=self.ids(Huishouden),
            type=kind,
            members=members,
            network=network,
            candidate_team=team if is_candidate else None,
        )
