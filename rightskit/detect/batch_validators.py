"""Which vectorised check stands for a named validator: ``fast_validators`` (the built-in ones, and the national
numbers of Central Europe) and ``fast_national`` (the other EU national numbers). A validator without one runs
once per value (``validators.py``, the reference every one of these is held equal to)."""

from __future__ import annotations

from rightskit.detect import fast_national as national
from rightskit.detect import fast_validators as fast
from rightskit.detect.fast_validators import BatchValidator

_STDNUM: dict[str, BatchValidator] = {
    "cz.rc": fast.cz_rc,
    "dk.cpr": fast.dk_cpr,
    "at.vnr": fast.at_vnr,
    "nl.bsn": fast.nl_bsn,
    "bg.vat": fast.bg_vat,
    "pl.pesel": national.pl_pesel,
    "ro.cnp": national.ro_cnp,
    "si.emso": national.si_emso,
    "hr.oib": national.hr_oib,
    "de.idnr": national.de_idnr,
    "gr.amka": national.gr_amka,
    "ee.ik": national.ee_ik,
    "lt.asmens": national.lt_asmens,
    "no.fodselsnummer": national.no_fodselsnummer,
    "be.nn": national.be_nn,
    "se.personnummer": national.se_personnummer,
    "fi.hetu": national.fi_hetu,
    "es.dni": national.es_dni,
    "es.nie": national.es_nie,
    "fr.nir": national.fr_nir,
    "it.codicefiscale": national.it_codicefiscale,
    "ie.pps": national.ie_pps,
    "pt.cc": national.pt_cc,
}
_BUILTIN: dict[str, BatchValidator] = {
    "bg_egn": fast.bg_egn,
    "bg_lnch": fast.bg_lnch,
    "bg_postcode": fast.bg_postcode,
    "email": fast.email,
    "street_address": fast.street_address,
    "birth_date": fast.birth_date,
    "iban": fast.iban,
    "credit_card": fast.credit_card,
    "ipv4": fast.ipv4,
    "ipv6": fast.ipv6,
    "coordinate": fast.coordinate,
    "bg_plate": fast.bg_plate,
    "place": fast.place,
    "person_name": fast.person_name,
}


def get_batch_validator(name: str, options: dict | None = None) -> BatchValidator | None:
    """The vectorised form of a named validator, when there is one."""
    if name.startswith("stdnum:"):
        return _STDNUM.get(name.split(":", 1)[1])
    if name == "phone":
        regions = tuple(r.upper() for r in (options or {}).get("phone_regions") or ("BG",))
        return fast.phone(regions)
    return _BUILTIN.get(name)
