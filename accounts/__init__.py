"""accounts: django-allauth glue: sign-up, e-mail and phone login, MFA for staff, the account
page and the PIPL rights (download, deletion), for which the other apps register their part
in core.personal_data.

May import: search, core. Must not import units or handbook (same layer).
"""
