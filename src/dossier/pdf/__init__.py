"""Lay out section markup on pages with ReportLab and write the PDF bytes."""
