"""What a report form with three large photos costs the server when it is NOT stored: CPU time
and memory of one request, for a form with an error (no description) and for a client over its
rate limit, next to a valid form (whose photos must be decoded) for scale.

    .venv/bin/python bench/report_form_cost.py                 # 3 photos of 40 megapixels
    .venv/bin/python bench/report_form_cost.py --pixels 12000000

Runs each case in a process of its own (peak memory is per process) against the development
database (DATABASE_URL, default var/db.sqlite3, which `make demo` builds). The valid case's
report is rolled back. Prints one line per case: CPU seconds and the peak resident memory the
request added.
"""

import argparse
import importlib.util
import io
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _photo(pixels, seed):
    from PIL import Image

    width = int((pixels * 4 / 3) ** 0.5)
    height = pixels // width
    image = Image.effect_noise((width // 8, height // 8), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.resize((width, height)).save(out, format="JPEG", quality=60)
    return out.getvalue()


def _form_fields():
    """The hidden fields of a fresh form, for this version of the code (the script also runs
    on the code before the form's ticket, for a before/after comparison)."""
    if importlib.util.find_spec("feedback.tickets") is None:
        from feedback.forms import signed_start

        return {"started": signed_start(time.time() - 60), "token": os.urandom(8).hex()}
    from feedback import tickets

    return {"token": tickets.issue(time.time() - 60)}


def _case(name, pixels, queue):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client

    from feedback.models import Category

    settings.ALLOWED_HOSTS = ["*"]
    settings.REPORT_PHOTO_MAX_BYTES = 50 * 1024 * 1024  # the photos' size is not the point
    if name == "over the rate limit":
        settings.REPORT_RATE_LIMIT = (0, 3600)
        settings.RATE_LIMITS = {"report_attempt": "0/1h/ip", "report": "0/1h/ip"}
    else:
        settings.REPORT_RATE_LIMIT = (10**6, 3600)
        settings.RATE_LIMITS = {"report_attempt": "1000000/1s/ip", "report": "1000000/1s/ip"}
    category = Category.objects.active().first()
    photos = [_photo(pixels, seed) for seed in range(3)]
    data = {
        "category": str(category.pk),
        "description": "" if name == "form with an error" else "楼道灯坏了，晚上看不见。",
        "compound": "海馨园",
        "consent": "on",
        **_form_fields(),
        "photos": [
            SimpleUploadedFile(f"{i}.jpg", photo, content_type="image/jpeg")
            for i, photo in enumerate(photos)
        ],
    }
    client = Client(REMOTE_ADDR="10.99.0.1")
    client.get("/feedback/")  # load the site
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    with transaction.atomic():
        response = client.post("/feedback/", data)
        transaction.set_rollback(True)
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    sizes = sum(len(p) for p in photos) / 1e6
    queue.put((name, response.status_code, cpu, peak / 1024, sizes))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pixels", type=int, default=40_000_000)
    args = parser.parse_args()
    print(f"3 JPEG photos of {args.pixels / 1e6:.0f} megapixels each")
    context = multiprocessing.get_context("spawn")
    for name in ("form with an error", "over the rate limit", "valid form (stored)"):
        queue = context.Queue()
        process = context.Process(target=_case, args=(name, args.pixels, queue))
        process.start()
        result = queue.get()
        process.join()
        label, status, cpu, peak_mb, sizes = result
        print(
            f"  {label:22} HTTP {status}  CPU {cpu:6.3f} s  "
            f"peak memory +{peak_mb:6.0f} MB  (upload {sizes:.1f} MB)",
            flush=True,
        )


if __name__ == "__main__":
    main()
