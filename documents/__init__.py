"""Documents an officer issues from decisions (补正材料通知书, 受理通知书, 不予受理告知书,
不符合申报条件告知书, 公示, the report to the city): editable Word files from replaceable
templates, a print view, and their rendering to PDF. Never made from raw machine output."""
