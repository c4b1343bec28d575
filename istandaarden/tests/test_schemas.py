from istandaarden.schemas import SchemaSet

WMO_CODES = ["301", "305", "307", "315", "317", "319", "323"]
JW_CODES = ["301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320", "323", "325"]


def test_available_lists_every_wmo_and_jw_message_xsd_wmo_first(schemas):
    assert schemas.available() == [f"WMO{c}" for c in WMO_CODES] + [f"JW{c}" for c in JW_CODES]


def test_basisschema_is_not_a_message_type(schemas):
    assert not any("basisschema" in name.lower() for name in schemas.available())


def test_schema_is_loaded_once_and_cached(schemas):
    assert schemas.schema("WMO301") is schemas.schema("WMO301")


def test_missing_folder_has_no_messages(tmp_path):
    assert SchemaSet(tmp_path).available() == []
