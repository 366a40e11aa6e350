"""What the reports show: the report context (computed once per notebook), Dutch tables and headlines, charts,
the what-if widgets and the Excel workbook.
"""
