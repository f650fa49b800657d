"""The public check of an offer: text or PDF contract in, flags, questions and contacts out."""

from __future__ import annotations

import pytest

from palermo.errors import ValidationFailed
from palermo.recruitment import check_offer, contacts_for, text_from_pdf
from palermo.recruitment.check import MAX_CHECK_CHARS, MAX_PDF_BYTES


def pdf_with(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (built by hand, no writer needed)."""
    body = "BT /F1 11 Tf 60 760 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


CONTRACT = [
    "EMPLOYMENT CONTRACT. Employer: Kaisolox LLC, 21 Fugan Street, Dubai.",
    "Position: a waitress. Place of work: Dubai. Salary: 3,000 AED per month.",
    "The employer will keep the worker's passport for the duration of the contract.",
    "Accommodation and transport are deducted from the monthly salary.",
]


def test_a_pdf_contract_is_read_and_checked() -> None:
    result = check_offer(pdf=pdf_with(CONTRACT), country="PH")
    payload = result.to_dict("en")
    assert set(payload) == {"risk", "flags", "questions"}
    codes = {f["code"] for f in payload["flags"]}
    assert {"document_retention", "wage_deductions"} <= codes
    assert payload["risk"] == "high"  # control (strong) + contract terms, two categories
    evidence = next(f["evidence"] for f in payload["flags"] if f["code"] == "document_retention")
    assert "passport" in evidence[0]


def test_an_offer_and_its_pdf_contract_are_compared() -> None:
    ad = "Dancers wanted in Dubai, salary 3,000 AED per month. Call +971 50 123 4567."
    result = check_offer(text=ad, pdf=pdf_with(CONTRACT), country="AE")
    assert "bait_and_switch" in result.offer.codes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello, not a pdf", "not a PDF"),
        (b"%PDF-1.4\n" + b"0" * (MAX_PDF_BYTES + 1), "above the"),
        (pdf_with([]), "no text"),
    ],
)
def test_unreadable_pdfs_are_refused_with_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        text_from_pdf(data)
    assert reason in err.value.message and err.value.hint


def test_too_long_a_text_is_refused() -> None:
    with pytest.raises(ValidationFailed) as err:
        check_offer(text="a " * (MAX_CHECK_CHARS // 2 + 1))
    assert "too long" in err.value.message


def test_contacts_are_placeholders_until_a_deployment_fills_them() -> None:
    result = check_offer(
        text="Hostesses for VIP clients in Dubai. Call +971 50 123 4567.", country="FR"
    )
    contacts = result.contacts_dict("fr")
    countries = [c["country"] for c in contacts]
    assert countries[:3] == ["FR", "FR", "AE"] and None in countries  # both countries, then general
    assert all(c["illustrative"] and c["number"] is None and c["url"] is None for c in contacts)
    assert all(c["name"] and c["note"] for c in contacts)
    assert contacts_for(["ZZ"]) == contacts_for([])  # a country without an entry: general ones only
