"""Turn the approval of station notices on or off, following NOTICE_APPROVAL_REQUIRED."""

from django.core.management.base import BaseCommand, CommandError

from units.teams import approval_required
from units.workflow import disable_notice_workflow, enable_notice_workflow


class Command(BaseCommand):
    help = (
        "With NOTICE_APPROVAL_REQUIRED on: put the workflow 通知审核 (approved by the group "
        "社区/区级审核员) on the station directory and take publish rights from station staff. "
        "With it off: detach the workflow and give publish rights back."
    )

    def handle(self, **options):
        if approval_required():
            try:
                workflow = enable_notice_workflow()
            except LookupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Workflow {workflow.name!r} is on for every station.")
        else:
            disable_notice_workflow()
            self.stdout.write("Notice approval is off: station staff publish directly.")
