"""Checked content -> what pages and printable maps show: view models, pure."""
