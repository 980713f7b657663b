"""The public transparency report (/transparency), counted from the audit log."""
