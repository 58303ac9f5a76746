"""Synthetic but plausible details for a scenario: names, ID numbers, phones, dates.

Every function takes the caller's ``random.Random`` so that a scenario's seed fixes
every detail; nothing here touches the global random state or the database.
"""

import datetime as dt
import random

from people.id_numbers import make_id_number

# Surnames common in northern Fujian, weighted roughly by frequency there.
SURNAMES = (
    ("陈", 12), ("林", 9), ("黄", 6), ("张", 5), ("李", 5), ("王", 4), ("吴", 4), ("刘", 4), ("叶", 3),
    ("蔡", 3), ("杨", 3), ("郑", 3), ("许", 2.5), ("魏", 2.5), ("周", 2), ("徐", 2), ("邱", 1.5), ("余", 1.5),
    ("何", 1.5), ("谢", 1.5), ("范", 1), ("江", 1), ("游", 1), ("翁", 1), ("詹", 1), ("宋", 1), ("朱", 1),
    ("罗", 1), ("胡", 1), ("苏", 1), ("彭", 0.5), ("施", 0.5), ("潘", 0.5), ("廖", 0.5), ("卓", 0.5),
)  # fmt: skip
_SURNAME_CHARS = [s for s, _w in SURNAMES]
_SURNAME_WEIGHTS = [w for _s, w in SURNAMES]
GIVEN_MALE = "建国明华志文平新春德福金荣伟强军林海清永水生辉光成忠良远兴发勇祥云安宏斌昌贵树根炳木顺长进"
GIVEN_FEMALE = "秀英玉兰梅美芳珍凤华丽红娟琴燕霞萍莲花春桂月清素淑惠静丹雪金香"

# Village names: two syllables common in the place names of the Wuyi hills, with pinyin.
VILLAGE_FIRST = (
    ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("上", "shang"), ("下", "xia"), ("石", "shi"),
    ("溪", "xi"), ("洋", "yang"), ("山", "shan"), ("岭", "ling"), ("源", "yuan"), ("坪", "ping"), ("后", "hou"),
    ("前", "qian"), ("高", "gao"), ("龙", "long"), ("凤", "feng"), ("桃", "tao"), ("杨", "yang"), ("梅", "mei"),
    ("竹", "zhu"), ("松", "song"), ("茶", "cha"), ("新", "xin"), ("大", "da"), ("小", "xiao"), ("长", "chang"),
    ("湖", "hu"), ("宝", "bao"), ("金", "jin"), ("黄", "huang"), ("白", "bai"), ("青", "qing"), ("云", "yun"),
    ("马", "ma"), ("念", "nian"), ("富", "fu"), ("稠", "chou"), ("外", "wai"), ("里", "li"), ("岩", "yan"),
    ("樟", "zhang"), ("枫", "feng"), ("桥", "qiao"), ("王", "wang"), ("林", "lin"), ("周", "zhou"),
)  # fmt: skip
VILLAGE_SECOND = (
    ("山", "shan"), ("门", "men"), ("坑", "keng"), ("头", "tou"), ("洋", "yang"), ("源", "yuan"), ("溪", "xi"),
    ("坪", "ping"), ("岭", "ling"), ("后", "hou"), ("口", "kou"), ("墩", "dun"), ("坂", "ban"), ("厝", "cuo"),
    ("林", "lin"), ("田", "tian"), ("湾", "wan"), ("岗", "gang"), ("埔", "pu"), ("兜", "dou"), ("垅", "long"),
    ("屯", "tun"), ("里", "li"), ("洲", "zhou"), ("桥", "qiao"), ("塘", "tang"), ("峰", "feng"), ("寨", "zhai"),
    ("亭", "ting"), ("阳", "yang"), ("底", "di"), ("尾", "wei"),
)  # fmt: skip

INDUSTRIES = ("茶叶", "毛竹", "锥栗", "食用菌", "蔬菜", "水果", "畜禽养殖", "烟叶", "花卉", "中药材", "油茶", "水产")
SPECIALTIES = ("农技服务", "致富带头", "文艺宣传", "农村经纪人", "农机服务", "调解维稳", "电商服务")
ORDINALS = "一二三四五六七八九十"
EDUCATION_WEIGHTS = (("primary", 30), ("junior", 40), ("senior", 20), ("college", 7), ("bachelor", 3))


def person_name(rng: random.Random, sex: str) -> str:
    surname = rng.choices(_SURNAME_CHARS, weights=_SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
    length = 2 if rng.random() < 0.75 else 1
    return surname + "".join(rng.sample(pool, length))


def village_names(
    rng: random.Random, count: int, avoid: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """Return ``count`` distinct (Chinese, English) village names, none in ``avoid``."""
    combos = [
        (a + b, (pa + pb).capitalize())
        for a, pa in VILLAGE_FIRST
        for b, pb in VILLAGE_SECOND
        if a != b and a + b not in avoid
    ]
    if count > len(combos):
        raise ValueError(f"only {len(combos)} distinct village names available, {count} wanted")
    return [(f"{zh}村", f"{en} Village") for zh, en in rng.sample(combos, count)]


def ordinal(number: int) -> str:
    """Return the Chinese ordinal numeral for 1–99 (一, 十一, 二十三)."""
    tens, ones = divmod(number, 10)
    if number <= 10:
        return ORDINALS[number - 1]
    return (ORDINALS[tens - 1] if tens > 1 else "") + "十" + (ORDINALS[ones - 1] if ones else "")


def mobile_phone(rng: random.Random) -> str:
    return f"1{rng.choice('358')}{rng.randrange(10**9):09d}"


def education(rng: random.Random) -> str:
    return rng.choices([e for e, _w in EDUCATION_WEIGHTS], weights=[w for _e, w in EDUCATION_WEIGHTS])[0]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def birth_date(rng: random.Random, on: dt.date, youngest: int, oldest: int, mode: float | None = None) -> dt.date:
    """Return a birth date giving an age between ``youngest`` and ``oldest`` on ``on``."""
    age = rng.triangular(youngest, oldest, mode) if mode is not None else rng.uniform(youngest, oldest)
    return on - dt.timedelta(days=int(age * 365.25))


def split(rng: random.Random, total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split ``total`` into ``len(weights)`` parts, each ≥ ``minimum``, the rest by weight."""
    parts = [minimum] * len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=total - minimum * len(weights)):
        parts[index] += 1
    return parts


class IdNumbers:
    """Hand out distinct, valid ID numbers (GB 11643) registered in one county."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.used: set[str] = set()

    def make(self, rng: random.Random, born: dt.date, sex: str) -> str:
        while True:
            number = make_id_number(self.region, born, rng.randrange(500), sex)
            if number not in self.used:
                self.used.add(number)
                return number
