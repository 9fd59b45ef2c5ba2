"""Optional approval of station notices (settings.NOTICE_APPROVAL_REQUIRED): a Wagtail
workflow on the station directory whose task is approved by the notice reviewers' group (a
role group created by a migration, found by its `units.review_notices` permission)."""

from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.groups import role_group

from .models import DirectoryPage
from .teams import page_permission, sync_all_stations

REVIEW_PERMISSION = "units.review_notices"
WORKFLOW_NAME = "通知审核"
TASK_NAME = "社区/区级审核"


def reviewer_group(directory):
    """Approving publishes the page as the reviewer, so reviewers need publish rights."""
    group = role_group(REVIEW_PERMISSION)
    for permission_type in ("change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=directory, permission=page_permission(permission_type)
        )
    return group


@transaction.atomic
def enable_notice_workflow():
    """Every page below the station directory (so every station's notices) needs approval."""
    directory = DirectoryPage.objects.source().first()
    if directory is None:
        raise LookupError("There is no station directory page yet.")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.active = True
    task.save()
    task.groups.set([reviewer_group(directory)])
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=directory, defaults={"workflow": workflow})
    sync_all_stations()
    return workflow


@transaction.atomic
def disable_notice_workflow():
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    sync_all_stations()
