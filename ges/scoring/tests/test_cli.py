"""`ges score` and `ges suggest_targets`, on every example of docs/scoring.md."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from ges.scoring.cli import score_main, suggest_main

DOC = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"
EXAMPLE = re.compile(r"<!-- example: (\w+) (input|output|problems) -->\s*```json\n(.*?)\n```", re.S)


def examples() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name, part, text in EXAMPLE.findall(DOC.read_text(encoding="utf-8")):
        found.setdefault(name, {})[part] = text
    return found


EXAMPLES = examples()


def test_it_finds_the_examples_of_the_documentation():
    assert set(EXAMPLES) >= {"seed001", "contract", "whatif", "five", "exempt", "vacant", "invalid"}
    for name, parts in EXAMPLES.items():
        assert "input" in parts, name
        assert ("output" in parts) != ("problems" in parts), name


def run(command, text):
    stdout, stderr = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(command, "-", stdin=io.StringIO(text), stdout=stdout, stderr=stderr)
    except SystemExit as exit:
        status = exit.code
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_it_prints_what_the_documentation_shows(name):
    parts = EXAMPLES[name]
    status, out, err = run("score", parts["input"])
    if "output" in parts:
        assert (status, err) == (0, "")
        assert json.loads(out) == json.loads(parts["output"])
    else:
        assert status == 2
        assert json.loads(out) == json.loads(parts["problems"])
        problems = json.loads(out)["problems"]
        assert err.startswith(f"เอกสารใช้ไม่ได้: พบ {len(problems)} ปัญหา")
        for problem in problems:
            assert f"{problem['path']}: {problem['message']}" in err


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_it_prints_the_same_from_a_file_without_django(name, tmp_path):
    path = tmp_path / f"{name}.json"
    path.write_text(EXAMPLES[name]["input"], encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    status = score_main([str(path)], io.StringIO(), stdout, stderr)
    expected = EXAMPLES[name].get("output") or EXAMPLES[name]["problems"]
    assert status == (0 if "output" in EXAMPLES[name] else 2)
    assert json.loads(stdout.getvalue()) == json.loads(expected)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "ไม่ใช่ JSON ที่ถูกต้อง"),
        ('{"indicators": [{"code": "1", "weight": NaN}]}', "ไม่ใช่ JSON ที่ถูกต้อง"),
        ("[]", "ต้องเป็นออบเจกต์ JSON"),
    ],
)
def test_it_exits_2_for_what_is_not_a_document(text, words):
    status, out, err = run("score", text)
    assert status == 2
    assert words in json.loads(out)["problems"][0]["message"]
    assert words in err


def test_it_exits_2_for_a_file_it_cannot_read(tmp_path):
    stdout, stderr = io.StringIO(), io.StringIO()
    status = score_main([str(tmp_path / "missing.json")], io.StringIO(), stdout, stderr)
    assert status == 2
    assert "อ่านไฟล์" in stderr.getvalue()


def test_it_reads_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text("\ufeff" + EXAMPLES["whatif"]["input"], encoding="utf-8")
    stdout = io.StringIO()
    assert score_main([str(path)], io.StringIO(), stdout, io.StringIO()) == 0
    assert json.loads(stdout.getvalue())["total"] == "87.500"


def test_it_suggests_targets_as_json():
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "suggest_targets",
        "2562=96.11",
        "2563=100",
        "2564=74.29",
        "2565=83.33",
        stdout=stdout,
        stderr=stderr,
    )
    suggestion = json.loads(stdout.getvalue())
    assert suggestion["pattern"] == "fluctuating"
    assert suggestion["thresholds"] == ["81.58", "85.87", "90.16"]
    assert suggestion["criteria"]["kind"] == "levels"
    assert any("สมมติฐานของ GES เอง" in line for line in suggestion["assumptions"])


@pytest.mark.parametrize(
    ("argv", "thresholds"),
    [
        (["2564=407.69", "2565=431.73", "--spacing", "2%"], ["423.1", "431.73", "440.36"]),
        (
            [
                "2552=2000",
                "2553=2323",
                "2554=2489",
                "--levels",
                "5",
                "--pattern",
                "mandate",
                "--mandate",
                "3000",
            ],
            ["1978", "2233.5", "2489", "2744.5", "3000"],
        ),
        (
            [
                "--levels",
                "5",
                "--pattern",
                "unit_cost",
                "--budget",
                "10000000",
                "--unit-cost",
                "1250000",
                "--spacing",
                "2",
            ],
            ["4", "6", "8", "10", "12"],
        ),
        (
            ["2554=70", "--pattern", "benchmark", "--benchmark", "75", "80"],
            ["73.63", "77.5", "81.38"],
        ),
        (
            ["--pattern", "proportion", "--proportion", "70:30", "--spacing", "5"],
            ["65", "70", "75"],
        ),
        (["2554=7", "--pattern", "ranking"], ["8", "7", "6"]),
    ],
)
def test_it_suggests_by_every_documented_command(argv, thresholds):
    stdout = io.StringIO()
    assert suggest_main(argv, stdout, io.StringIO()) == 0
    assert json.loads(stdout.getvalue())["thresholds"] == thresholds


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["2565"], "ปี=ผล"),
        (["2565=80"], "อย่างน้อย 2 ปี"),
        (["2564=1", "2565=2", "--pattern", "mandate"], "--mandate"),
        (["2564=1", "2565=2", "--spacing", "-1"], "ช่วงห่าง"),
        (["--pattern", "proportion", "--proportion", "seventy"], "70:30"),
        (["--pattern", "mandate", "2565=1", "--mandate", "lots"], "--mandate ต้องเป็นตัวเลข"),
    ],
)
def test_it_exits_2_when_it_cannot_suggest(argv, words):
    stdout, stderr = io.StringIO(), io.StringIO()
    assert suggest_main(argv, stdout, stderr) == 2
    assert words in stderr.getvalue()
    assert json.loads(stdout.getvalue())["problems"][0]["message_en"]


def test_it_exits_2_through_the_django_command_too():
    with pytest.raises(SystemExit) as raised:
        call_command("suggest_targets", "2565=80", stdout=io.StringIO(), stderr=io.StringIO())
    assert raised.value.code == 2
