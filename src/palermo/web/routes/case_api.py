"""The JSON API of the case record and the vocabularies. Authenticate with
``Authorization: Bearer <token>``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from palermo import cases
from palermo.cases.record.schemas import (
    STORED,
    CaseCreate,
    CasePage,
    CaseQuery,
    CaseRead,
    CaseUpdate,
    CommentRead,
)
from palermo.store.ranges import PageNumber, RowId
from palermo.vocab import get_list, list_info
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.json_answer import json_answer

if TYPE_CHECKING:
    from palermo.store.models import Case

router = APIRouter(prefix="/api", tags=["api"])


def _read(case: Case) -> CaseRead:
    data = cases.case_to_create(case).model_dump()
    return CaseRead.model_validate(
        {
            **data,
            "id": case.id,
            "reference": case.reference,
            "agency_id": case.agency_id,
            "created_at": case.created_at,
            "updated_at": case.updated_at,
            "comments": [
                CommentRead(author=c.author_name, body=c.body, created_at=c.created_at)
                for c in case.comments
            ],
        },
        context=STORED,
    )


@router.get("/cases", response_model=CasePage)
def list_cases(
    actor: ActorDep,
    session: SessionDep,
    name: str | None = None,
    birth_date: str | None = None,
    document: str | None = None,
    status: str | None = None,
    exploitation_type: str | None = None,
    citizenship: str | None = None,
    page: PageNumber = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 25,
) -> Response:
    """Cases of your agency; search by name, birth date or document uses blind indexes."""
    query = CaseQuery(
        name=name,
        birth_date=birth_date,
        document=document,
        status=status,
        exploitation_type=exploitation_type,
        citizenship=citizenship,
        page=page,
        per_page=per_page,
    )
    return json_answer(cases.find_cases(session, query=query, actor=actor))


@router.post("/cases", response_model=CaseRead, status_code=201)
def create_case(data: CaseCreate, actor: ActorDep, session: SessionDep) -> CaseRead:
    case = cases.open_case(session, data=data, actor=actor)
    session.refresh(case)
    return _read(case)


@router.get("/cases/{case_id}", response_model=CaseRead)
def get_case(case_id: RowId, actor: ActorDep, session: SessionDep) -> Response:
    return json_answer(_read(cases.read_case(session, case_id=case_id, actor=actor)))


@router.patch("/cases/{case_id}", response_model=CaseRead)
def patch_case(case_id: RowId, data: CaseUpdate, actor: ActorDep, session: SessionDep) -> CaseRead:
    case = cases.update_case(session, case_id=case_id, data=data, actor=actor)
    session.refresh(case)
    return _read(case)


class VocabValueOut(BaseModel):
    code: str
    label: str
    extension: bool
    deprecated: bool


class VocabListOut(BaseModel):
    list_name: str = Field(serialization_alias="list", description="The canonical list name.")
    source: str
    deprecated: bool
    values: list[VocabValueOut]


@router.get("/vocab/{list_name}", response_model=VocabListOut)
def vocab_list(list_name: str, actor: ActorDep, locale: str = "en") -> VocabListOut:
    """Codes and labels of one vocabulary list (names: `palermo vocab list`)."""
    enum = get_list(list_name)
    info = list_info(list_name)
    return VocabListOut(
        list_name=info.name,
        source=info.source,
        deprecated=info.deprecated,
        values=[
            VocabValueOut(
                code=m.code, label=m.label(locale), extension=m.extension, deprecated=m.deprecated
            )
            for m in enum
        ],
    )
