"""Officer-decided values for the document tests: what the case service would hand over."""

from __future__ import annotations

from datetime import date

from documents.model import (
    AcceptanceContext,
    Applicant,
    CityReportContext,
    CorrectionContext,
    DistrictInfo,
    NoticeItem,
    PublicityContext,
    RefusalContext,
)

STUDIO = Applicant(
    unit_name="深圳市鹏程精密模具有限公司", credit_code="91440300MA5FL2QX3K", carrier_type="master_studio",
    master_name="周海峰", address="深圳市福田区沙头街道泰然九路8号", legal_representative="陈立新",
    contact_person="刘敏", contact_phone="13923456781",
)
BASE = Applicant(
    unit_name="深圳市福田区南华职业技能培训学校", credit_code="52440304MJL1774562", carrier_type="training_base",
    address="深圳市福田区华强北路1002号", legal_representative="黄志明", contact_person="吴婷", contact_phone="0755-83226611",
)
STATION = Applicant(
    unit_name="深圳市绿源农业科技发展有限公司", credit_code="91440300MA5G8KLX2P", carrier_type="rural_station",
    legal_representative="李春华", contact_person="张毅", contact_phone="13600011122",
)
DISTRICT = DistrictInfo(
    district="福田区", bureau="深圳市福田区人力资源局", address="深圳市福田区福华三路市民中心C区",
    contact_person="郑文", contact_phone="0755-82918888", postcode="518048",
)

ITEMS = (
    NoticeItem("承诺书", "未提交诚信承诺书", "须提交申报单位对申报材料真实性的诚信承诺书，由法定代表人签字、加盖单位公章并注明签署日期",
               absent=True),
    NoticeItem("营业执照", "营业执照复印件未加盖单位公章，已尝试常见OCR误识修正", "须提供营业执照复印件并加盖单位公章，证照须在有效期内",
               printed_pages=("7",), pdf_pages=(9,)),
    NoticeItem("领办人职业资格证书", "所附证书等级为三级/高级工", "须提供领办人技师及以上等级的国家职业资格证书或职业技能等级证书复印件",
               printed_pages=("21-23",), pdf_pages=(23, 24, 25)),
)
CORRECTION = CorrectionContext(
    doc_number="深福人社补字〔2023〕17号", issued_on=date(2023, 7, 12), received_on=date(2023, 7, 10), items=ITEMS,
)
ACCEPTANCE = AcceptanceContext(doc_number="深福人社受字〔2023〕41号", issued_on=date(2023, 7, 20), received_on=date(2023, 7, 18))
NOT_ACCEPTED = RefusalContext(
    doc_number="深福人社告字〔2023〕3号", issued_on=date(2023, 7, 20), received_on=date(2023, 7, 18), kind="not_accepted",
    reasons=("申报单位注册地址及培训场地均不在福田区，不属于本机关受理范围",),
)
INELIGIBLE = RefusalContext(
    doc_number="深福人社告字〔2023〕4号", issued_on=date(2023, 7, 21), received_on=date(2023, 7, 18), kind="ineligible",
    reasons=("领办人职业技能等级为三级/高级工，低于技师", "申报单位被列入严重失信主体名单"),
)
PUBLICITY = PublicityContext(
    candidates=(BASE, STUDIO, STATION), window_start=date(2023, 7, 31), window_end=date(2023, 8, 4), issued_on=date(2023, 7, 28),
)
CITY_REPORT = CityReportContext(
    candidates=(BASE, STUDIO, STATION), quota=7, district="福田区", issued_on=date(2023, 8, 7),
    doc_number="深福人社函〔2023〕88号", publicity_start=date(2023, 7, 31), publicity_end=date(2023, 8, 4),
)
