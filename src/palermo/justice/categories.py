"""How recorded values become the categories of statistical tables.

Every report (funnel breakdowns, GLOTIP tables, SHERLOC keywords) classifies people
through these functions, so one table never counts a person differently from another.
The mappings are data a national rapporteur can read and check:

* **Form of exploitation** (:data:`GLOTIP_FORM_OF_HTCDS`): each HTCDS
  ``type_of_exploitation`` code of a victim maps to one UNODC form; a victim whose codes
  map to two or more different forms counts once, under *mixed forms*; a victim with no
  code recorded counts under *form not recorded*. Sexual exploitation whose only recorded
  kind (HTCDS ``type_of_sex_exploitation``) is pornography counts as *pornography*.
  Child labour and servitude count as forced labour, as the Global Report groups them.
* **Sex** (:data:`SEX_OF_GENDER`): from HTCDS ``gender`` as recorded (gender identity);
  non-conforming as *other*; not specified or missing as *unknown*.
* **Age group**: *children* are under 18, *adults* 18 or over, at the date the report's
  definition names (identification for victims, first named as a suspect for suspects).
* **Citizenship**: *nationals* hold the reporting country's citizenship (whatever
  others they hold); otherwise the person counts under the first citizenship recorded;
  no citizenship recorded is *unknown*.
"""

from __future__ import annotations

from collections.abc import Iterable

from palermo.vocab.justice import CitizenshipGroup, GlotipAgeGroup, GlotipForm, ReportedSex

# HTCDS vic_TypeOfExploitation code -> UNODC form. "ForcedCriminality" and
# "BenefitFraud" are the extension values proposed in vocab.justice; until they are
# registered, forced criminality is recorded as HTCDS "Other" and counts as other forms.
GLOTIP_FORM_OF_HTCDS: dict[str, GlotipForm] = {
    "SexualExploitation": GlotipForm.sexual_exploitation,
    "ForcedLabour": GlotipForm.forced_labour,
    "ChildLabour": GlotipForm.forced_labour,
    "Servitude": GlotipForm.forced_labour,
    "ForcedMarriage": GlotipForm.forced_marriage,
    "ForcedMilitaryByNonStateActors": GlotipForm.child_soldiers,
    "OrganRemoval": GlotipForm.organ_removal,
    "ForcedBegging": GlotipForm.begging,
    "ForcedAdoption": GlotipForm.illegal_adoption,
    "Surrogacy": GlotipForm.other,
    "Other": GlotipForm.other,
    "ForcedCriminality": GlotipForm.forced_criminal_activity,
    "BenefitFraud": GlotipForm.benefit_fraud,
}

SEX_OF_GENDER: dict[str, ReportedSex] = {
    "Feminine": ReportedSex.female,
    "TransgenderFeminine": ReportedSex.female,
    "Masculine": ReportedSex.male,
    "TransgenderMasculine": ReportedSex.male,
    "NonConforming": ReportedSex.other,
    "NonSpecifiedUnknown": ReportedSex.unknown,
}


def glotip_form(exploitation: Iterable[str], sex_exploitation: Iterable[str] = ()) -> GlotipForm:
    """The one UNODC form a victim counts under (see the module's rules)."""
    forms = {GLOTIP_FORM_OF_HTCDS.get(str(code), GlotipForm.other) for code in exploitation}
    if not forms:
        return GlotipForm.unknown
    if len(forms) > 1:
        return GlotipForm.mixed
    (form,) = forms
    if form is GlotipForm.sexual_exploitation and {str(c) for c in sex_exploitation} == {
        "Pornography"
    }:
        return GlotipForm.pornography
    return form


def reported_sex(gender: str | None) -> ReportedSex:
    return ReportedSex.unknown if gender is None else SEX_OF_GENDER[str(gender)]


def age_group(age: int | None) -> GlotipAgeGroup:
    if age is None:
        return GlotipAgeGroup.unknown
    return GlotipAgeGroup.child if age < 18 else GlotipAgeGroup.adult


def citizenship_group(
    citizenship: Iterable[str], reporting_country: str | None
) -> CitizenshipGroup:
    held = list(citizenship)
    if not held:
        return CitizenshipGroup.unknown
    return CitizenshipGroup.national if reporting_country in held else CitizenshipGroup.foreign


def citizenship_row(citizenship: Iterable[str], reporting_country: str | None) -> str:
    """The row a person counts in a by-citizenship table: the reporting country's code
    for nationals, the first recorded citizenship otherwise, "unknown" when none."""
    held = list(citizenship)
    if not held:
        return CitizenshipGroup.unknown.code
    return reporting_country if reporting_country in held else held[0]
