"""What every record of a case tells the layers below about itself."""


class CaseRecord:
    """A record that belongs to one case through its `case` foreign key.

    `audit_case` is the interface the audit trail reads to file an event under the
    case the record belongs to, without knowing the domain's models.
    """

    @property
    def audit_case(self):
        return self.case if self.case_id is not None else None
