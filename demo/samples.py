"""Sample people and numbers: every name is 某某（示例）, every phone number is invented."""

import hashlib

SAMPLE = "（示例）"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def _digits(seed, count):
    number = int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16)
    return f"{number % 10**count:0{count}d}"


def sample_mobile(seed):
    # 199 0xxx xxxx: an invented, obviously sample mobile number.
    return "1990" + _digits(seed, 7)


def sample_landline(seed):
    return "022-6860" + _digits(seed, 4)


def sample_name(seed):
    return SURNAMES[int(_digits(seed, 3)) % len(SURNAMES)] + "某某" + SAMPLE
