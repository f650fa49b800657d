"""Cross-border exchange between Palermo installations: peers, signed and encrypted
bundles of referrals and their answers, imported through the case services."""

from palermo.cooperate.crossborder.installations import (
    add_peer,
    create_installation_keys,
    default_key_file,
    list_peers,
    load_installation_keys,
    read_public_keys,
)
from palermo.cooperate.crossborder.ledger import (
    BundleEntry,
    CrossBorderEntry,
    list_bundles,
    list_crossborder_referrals,
)
from palermo.cooperate.crossborder.packing import PackResult, pack_bundle
from palermo.cooperate.crossborder.unpacking import UnpackResult, unpack_bundle

__all__ = [
    "BundleEntry",
    "CrossBorderEntry",
    "PackResult",
    "UnpackResult",
    "add_peer",
    "create_installation_keys",
    "default_key_file",
    "list_bundles",
    "list_crossborder_referrals",
    "list_peers",
    "load_installation_keys",
    "pack_bundle",
    "read_public_keys",
    "unpack_bundle",
]
