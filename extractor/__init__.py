"""Extract the tables and sections of 政府信息公开工作年度报告 into a normalized schema."""

__version__ = "0.1.0"
