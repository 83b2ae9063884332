"""The Chinese name of every key field, as officers call it.

One table for the validators' messages and the reports' field tables, so a field is
called the same everywhere an officer reads it.
"""

FIELD_NAMES: dict[str, str] = {
    "unit_name": "申报表单位名称",
    "credit_code": "申报表统一社会信用代码",
    "legal_representative": "申报表法定代表人",
    "address": "申报表单位地址",
    "contact_person": "申报表联系人",
    "phone": "申报表联系电话",
    "application_date": "申报日期",
    "licence_name": "营业执照名称",
    "licence_credit_code": "营业执照统一社会信用代码",
    "licence_legal_representative": "营业执照法定代表人",
    "licence_address": "营业执照住所",
    "licence_valid_until": "营业执照有效期",
    "legal_rep_id_name": "法定代表人身份证姓名",
    "legal_rep_id_number": "法定代表人身份证号码",
    "venue_area": "场地面积",
    "lease_end": "场地租赁期限",
    "master_name": "领办人姓名",
    "master_id_number": "领办人身份证号码",
    "master_skill_level": "领办人技能等级",
    "master_occupation": "领办人职业（工种）",
    "master_certificate_no": "领办人证书编号",
    "master_honours": "领办人荣誉",
    "apprentices_per_year": "年度带徒人数",
    "team_size": "工作室团队人数",
    "trainees_per_year": "年度培训人数",
    "senior_share": "培训学员中高级工及以上占比",
    "instructor_count": "师资人数",
    "instructor_senior_share": "师资中高级工及以上占比",
    "partnership_count": "校企合作单位数",
    "rural_trainees": "年度涉农培训人数",
    "cooperation_counterpart": "帮扶合作对象",
}
