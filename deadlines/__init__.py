"""Legal deadlines: the Algemene termijnenwet and the terms of Wmo, Awb, Wgs and iStandaarden.

``atw`` and ``terms`` are pure Python on purpose: they import nothing from Django, so
the rules can be read, tested and reused without a database. Only ``models``,
``calendar_source``, ``admin`` and the ``termijn`` command touch Django.
"""
