"""Role names and the capabilities that decide object-level scope.

Roles are Django groups created by a data migration. Object-level scope is not a
group check: it is a capability (a model permission) so a superuser or a custom
group can hold it too, and `cases.selectors` is the only place that reads it.
"""

COORDINATOR = "Coordinator"
LAWYER = "Lawyer"
ANALYST = "Analyst"
ROLES = (COORDINATOR, LAWYER, ANALYST)

# Case.Meta.permissions
VIEW_ALL_CASES = "cases.view_all_cases"
ASSIGN_LAWYERS = "cases.assign_lawyers"

# Person.Meta.permissions: merge two records of one person, and see the queue of
# possible duplicates that asks for it.
MERGE_PERSONS = "cases.merge_person"
