"""The case page: a workspace that shows a case as text and edits one record at a time.

The page at `/admin/cases/case/<pk>/change/` reads first: the case, a timeline and each
section (detentions with their evidence claims, charges, hearings, documents, notes) as
text, with no form on it. Each record is edited on its own, by a form under the case's
URLs (`records/<kind>/...`) that the page's script opens in place and the browser can
also open as a page of its own. The record is always looked up among the records of
the case in the URL, so a posted id of another case's record has nothing to reach.
"""
