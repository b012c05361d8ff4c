"""Sending copies of chosen areas: each recipient's own `areas:` end to end, through the CLI to a real SMTP
server on loopback, the attached PDFs read back (areas, 份号, 分送 list), and a rerun that resends nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO, run_cli
from pdfcheck import Pdf
from smtpserver import HOST, USER, Certificates, Handler, SmtpServer, make_certificates
from test_send import environment  # noqa: F401  (environment: the autouse fixture, as the send tests share it)

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data:DeprecationWarning")

SAMPLE = REPO / "data" / "dongchang-2023"
TITLE = "东昌区2023年重点工作汇报材料"
LISTED = (
    "recipients:\n"
    "  - {name: 王明, email: wangming@example.org, areas: [1, 民生]}\n"
    "  - {name: 李红, email: lihong@example.org}\n"
    "  - {name: 张伟, email: zhangwei@example.org, areas: 6，扩大内需}\n"
    "  - {name: 刘洋, email: liuyang@example.org, areas: [营商]}\n"
)
WHOLE = [
    "一、着力扩大内需，推动经济合理增长",
    "二、着力推动升级，建立现代产业体系",
    "三、着力深化改革，打造最优营商环境",
    "四、着力产业振兴，引领乡村全面振兴",
    "五、着力优化环境，持续改善生态质量",
    "六、着力兜牢底线，全力保障改善民生",
    "七、着力平安建设，全力维护社会稳定",
    "八、加强政府自身建设",
]
# What each copy holds (its areas, numbered afresh) and whom its 分送 list names.
EXPECTED = {
    "wangming@example.org": ("000001", [WHOLE[0], "二、" + WHOLE[5][2:]], "王明（000001），张伟（000003）。"),
    "lihong@example.org": ("000002", WHOLE, "李红（000002）。"),
    "zhangwei@example.org": ("000003", [WHOLE[0], "二、" + WHOLE[5][2:]], "王明（000001），张伟（000003）。"),
    "liuyang@example.org": ("000004", ["一、" + WHOLE[2][2:]], "刘洋（000004）。"),
}


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


def send(tmp_path: Path, port: int, certificates: Certificates, listed: Path, out: Path) -> tuple[int, str]:
    config = tmp_path / "mail.yaml"
    config.write_text(
        f"host: {HOST}\nport: {port}\nsecurity: starttls\nuser: {USER}\nsender: office@example.gov.cn\n"
        f"cafile: {certificates.ca}\ntimeout: 5\n",
        encoding="utf-8",
    )
    run = run_cli(
        "send", str(SAMPLE), "--recipients", str(listed), "--out", str(out), "--config", str(config)
    )
    return run.status, run.out + run.err


def attachments(handler: Handler) -> dict[str, bytes]:
    """Each recipient's attached PDF, by address (one message each)."""
    found: dict[str, bytes] = {}
    for received in handler.received:
        (address,) = received.rcpt_tos
        assert address not in found, f"{address} got two messages"
        (attached,) = received.message.iter_attachments()
        assert attached.get_content_type() == "application/pdf"
        found[address] = attached.get_content()
    return found


def distribution(pdf: bytes) -> str:
    """The 分送 line of the last page, read without the watermark's letters laid across it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[-1].extract_text() or ""
    line = next(line for line in words.splitlines() if line.startswith("分送："))
    return line.removeprefix("分送：").replace(" ", "")


def test_each_recipient_is_mailed_a_copy_of_their_own_areas(
    tmp_path: Path, certificates: Certificates
) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(LISTED, encoding="utf-8")
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        status, said = send(tmp_path, server.port, certificates, listed, out)
    assert status == 0, said
    assert "已发送 4" in said
    found = attachments(handler)
    assert sorted(found) == sorted(EXPECTED)
    for address, (copy, areas, distributed) in EXPECTED.items():
        pdf = Pdf(found[address])
        level_one = [title for level, title, _ in pdf.outline() if level == 0]
        assert level_one == ["目录", *areas, "附：2023年重点项目汇总"], address
        assert copy in pdf.text(0)  # its own 份号, top left of the first page
        others = {number for number, _, _ in EXPECTED.values()} - {copy}
        assert not others.intersection(pdf.line_texts(0))
        assert distribution(found[address]) == distributed, address
        written = next(out.glob(f"{copy}-*.pdf"))
        assert written.read_bytes() == found[address]  # the copy on disk is the one mailed
    assert len(Pdf(found["lihong@example.org"]).pages) == 38
    assert "扩大内需" not in Pdf(found["liuyang@example.org"]).body_text

    # Run again: every copy shows what it showed, so nothing is mailed twice.
    again = Handler()
    with SmtpServer(again, certificates, "starttls") as server:
        status, said = send(tmp_path, server.port, certificates, listed, out)
    assert status == 0, said
    assert again.received == []


def test_a_recipient_whose_areas_changed_is_reported_not_resent(
    tmp_path: Path, certificates: Certificates
) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(LISTED, encoding="utf-8")
    out = tmp_path / "out"
    with SmtpServer(Handler(), certificates, "starttls") as server:
        assert send(tmp_path, server.port, certificates, listed, out)[0] == 0
    listed.write_text(LISTED.replace("areas: [营商]", "areas: [营商, 8]"), encoding="utf-8")
    again = Handler()
    with SmtpServer(again, certificates, "starttls") as server:
        status, said = send(tmp_path, server.port, certificates, listed, out)
    assert again.received == []
    assert status == 1
    assert said.splitlines()[0].startswith("共 4 位收件人：此前已发送 3，已发送但有改动 1。")
    assert (
        "[4/4] 000004 刘洋 <liuyang@example.org> 此前已发送，但材料或名单已有改动，现在生成的这一份与已发出的"
        "不同；未重发（确需重发请加 --resend 4）"
    ) in said.splitlines()


def test_areas_naming_no_area_stop_before_anything_is_sent(
    tmp_path: Path, certificates: Certificates
) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(LISTED.replace("areas: [营商]", "areas: [交通]"), encoding="utf-8")
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        status, said = send(tmp_path, server.port, certificates, listed, out)
    assert status == 1 and handler.received == []
    line = "  - {name: 刘洋, email: liuyang@example.org, areas: [交通]}"
    column = line.index("交通") + 1
    assert said.splitlines()[0].startswith(
        f"{listed}:5:{column}: recipients[4].areas: 没有与“交通”相符的工作领域；请写序号（1–8）"
    ), said
    assert not (out / "manifest.json").exists()
