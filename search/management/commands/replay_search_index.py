"""Send the index changes Elasticsearch missed while it was away (search/index_queue.py).

    manage.py replay_search_index

Run every 5 minutes by site/run_jobs.py. Does nothing when nothing waits; stops quietly
(exit status 0) when the engine is still away, and the next run tries again.
"""

from django.core.management.base import BaseCommand

from search.index_queue import pending_count, replay


class Command(BaseCommand):
    help = "Replay the search index changes that failed while the search engine was away."

    def handle(self, *args, **options):
        if not pending_count():
            return
        result = replay()
        self.stdout.write(f"replayed {result.applied} index change(s), {result.waiting} waiting")
        if result.stopped:
            self.stderr.write(f"search engine still unavailable: {result.stopped}")
