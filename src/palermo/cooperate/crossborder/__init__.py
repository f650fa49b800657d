"""Cross-border exchange between Palermo installations: peers, signed and encrypted
bundles of referrals and their answers, imported through the case services."""

from palermo.cooperate.crossborder.installations import (
    KeysView,
    PeerView,
    add_peer,
    create_installation_keys,
    default_key_file,
    list_peers,
    load_installation_keys,
    peer_views,
    read_public_keys,
    rotate_peer_keys,
    show_installation_keys,
)
from palermo.cooperate.crossborder.ledger import (
    BundleEntry,
    CrossBorderEntry,
    OutgoingView,
    WaitingReferral,
    bundle_referrals,
    list_bundles,
    list_crossborder_referrals,
    outgoing_view,
)
from palermo.cooperate.crossborder.packing import PackResult, pack_bundle
from palermo.cooperate.crossborder.unpacking import UnpackResult, unpack_bundle

__all__ = [
    "BundleEntry",
    "CrossBorderEntry",
    "KeysView",
    "OutgoingView",
    "PackResult",
    "PeerView",
    "UnpackResult",
    "WaitingReferral",
    "add_peer",
    "bundle_referrals",
    "create_installation_keys",
    "default_key_file",
    "list_bundles",
    "list_crossborder_referrals",
    "list_peers",
    "load_installation_keys",
    "outgoing_view",
    "pack_bundle",
    "peer_views",
    "read_public_keys",
    "rotate_peer_keys",
    "show_installation_keys",
    "unpack_bundle",
]
