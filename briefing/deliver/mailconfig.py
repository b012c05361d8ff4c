"""SMTP settings: a mail.yaml file and BRIEFING_SMTP_* variables; the password from the environment or keyring."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Mapping as MappingOf
from pathlib import Path

import msgspec
from msgspec.structs import replace

from briefing.errors import Issue, LoadError, Source, ValidationError, issue
from briefing.layouts.search import user_dir
from briefing.read.kinds import BOOL, COUNT, TEXT, Choice
from briefing.read.mailtext import ADDRESS, CONTROL, ENCODED_WORD, header_problem
from briefing.read.reader import Field, Reader, Record, Values, value_of
from briefing.read.recipients import EMAIL
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence, load_file, resolve_plain

CONFIG_NAME = "mail.yaml"
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
KEYRING_SERVICE = "briefing-smtp"
SECURITIES = ("tls", "starttls", "plain")
DEFAULT_PORTS = {"tls": 465, "starttls": 587, "plain": 25}
DEFAULT_TIMEOUT = 30
# A key that looks like a secret is refused wherever it appears in the file.
_SECRET_KEYS = {"pass", "pwd", "secret", "token"}
_SECRET_PARTS = ("password", "passwd", "密码", "口令")

MAIL = Record(
    "mail",
    "发信设置",
    (
        Field(
            "host",
            TEXT,
            "发信服务器",
            "SMTP 服务器的主机名。",
            required=True,
            example="smtp.example.gov.cn",
        ),
        Field("port", COUNT, "端口", "省略则按 security 取 465、587 或 25。", example=465),
        Field(
            "security",
            Choice(SECURITIES),
            "加密方式",
            "tls：连接即加密（通常端口 465）；starttls：连接后升级加密（通常 587）；"
            "plain：不加密，仅用于本机中继，且须 allow_plain: true 或 --allow-plain。",
            example="tls",
        ),
        Field(
            "user",
            TEXT,
            "登录用户名",
            "需要登录（AUTH）时填写；密码不写在这里。",
            example="office@example.gov.cn",
        ),
        Field(
            "sender",
            TEXT,
            "发件地址",
            "信封和“发件人”中的邮箱地址。",
            required=True,
            example="office@example.gov.cn",
        ),
        Field("sender_name", TEXT, "发件人名称", "收件人看到的发件人名称。", example="区政府办公室"),
        Field(
            "cafile",
            TEXT,
            "CA 证书",
            "信任内部 CA 签发的服务器证书时，给出 PEM 文件（相对本文件所在目录）。",
        ),
        Field("timeout", COUNT, "超时", "等待服务器的秒数，默认 30。", example=30),
        Field("allow_plain", BOOL, "允许明文", "为 true 时才允许 security: plain。", example=False),
    ),
)
ENV_KEYS = {
    "host": "BRIEFING_SMTP_HOST",
    "port": "BRIEFING_SMTP_PORT",
    "security": "BRIEFING_SMTP_SECURITY",
    "user": "BRIEFING_SMTP_USER",
    "sender": "BRIEFING_SMTP_SENDER",
    "sender_name": "BRIEFING_SMTP_SENDER_NAME",
    "cafile": "BRIEFING_SMTP_CAFILE",
    "timeout": "BRIEFING_SMTP_TIMEOUT",
}

PasswordLookup = Callable[[str, str], "str | None"]


class MailSettings(msgspec.Struct, frozen=True):
    """Where and how to send; `password` is None without a user (no AUTH) or in a dry run."""

    host: str
    port: int
    security: str
    user: str | None
    sender: str
    sender_name: str | None
    cafile: Path | None
    timeout: int
    password: str | None = None

    def __repr__(self) -> str:
        """Every field but the password, which must not reach a log or a traceback."""
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__struct_fields__ if name != "password"
        )
        return f"MailSettings({shown}, password={'***' if self.password else None})"

    @property
    def server(self) -> str:
        """How messages name the server: smtps://host:465, smtp://host:587."""
        scheme = "smtps" if self.security == "tls" else "smtp"
        return f"{scheme}://{self.host or '-'}:{self.port}"

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2]


def default_config(environ: MappingOf[str, str] | None = None) -> Path:
    """$BRIEFING_HOME/mail.yaml, else ~/.config/briefing/mail.yaml (XDG_CONFIG_HOME respected)."""
    try:
        return user_dir(environ) / CONFIG_NAME
    except (RuntimeError, KeyError):  # no home folder: named as a user would look for it, and absent
        return Path("~/.config/briefing") / CONFIG_NAME


def load_mail_settings(
    config: Path | None = None,
    *,
    environ: MappingOf[str, str] | None = None,
    allow_plain: bool = False,
    need_server: bool = True,
    password_lookup: PasswordLookup | None = None,
) -> MailSettings:
    """Settings from `config` (else the default file, if any), overridden by BRIEFING_SMTP_* variables.

    Every problem is reported at once, located in the file (file:line:col) or at the variable ($NAME).
    `need_server` False (a dry run) requires only the sender and never looks up a password.
    """
    env = os.environ if environ is None else environ
    reader = Reader()
    values, base = _read(config, env, need_server, reader)
    settings = _settings(values, reader, base, need_server, allow_plain)
    if reader.issues:
        raise ValidationError(reader.issues)
    if not (need_server and settings.user):
        return settings
    password = find_password(settings.user, settings.host, env, password_lookup, reader, values)
    if reader.issues:
        raise ValidationError(reader.issues)
    return replace(settings, password=password)


def _read(
    config: Path | None, env: MappingOf[str, str], need_server: bool, reader: Reader
) -> tuple[Values, Path]:
    """The settings read from the file (if any) with the variables over them, and the folder that paths
    in them are relative to (the file's, else the current one); raise when there are no settings at all."""
    path = config if config is not None else default_config(env)
    settings_file = _file_entries(path, reader) if config is not None or _is_file(path) else None
    variables = _variable_entries(env)
    if settings_file is None and not variables:
        raise ValidationError([_no_settings(path)])
    entries, root_source = settings_file or ({}, Source("BRIEFING_SMTP_*"))
    entries.update(variables)
    values = reader.record(Mapping(entries, root_source), _record(need_server), "") or {}
    return values, path.parent if settings_file is not None else Path.cwd()


def _variable_entries(env: MappingOf[str, str]) -> dict[str, tuple[Source, Node]]:
    """The BRIEFING_SMTP_* variables that are set, as entries located at the variable ($NAME)."""
    entries: dict[str, tuple[Source, Node]] = {}
    for key, name in ENV_KEYS.items():
        text = env.get(name)
        if text:
            entries[key] = (Source(f"${name}"), Scalar(resolve_plain(text), text, Source(f"${name}")))
    return entries


def _file_entries(path: Path, reader: Reader) -> tuple[dict[str, tuple[Source, Node]], Source]:
    """The keys of mail.yaml but those that look like a secret (each refused where it is), and where the
    file's mapping starts; raise LoadError when it is not YAML."""
    document = load_file(path, str(path))
    if document.root is None:
        raise LoadError(document.issues)
    reader.issues.extend(document.issues)
    entries: dict[str, tuple[Source, Node]] = {}
    if isinstance(document.root, Mapping):
        entries = {key: entry for key, entry in document.root.entries.items() if not _secret_key(key)}
    _refuse_secrets(document.root, "", reader)
    return entries, document.root.source


def _record(need_server: bool) -> Record:
    if need_server:
        return MAIL
    fields = tuple(replace(f, required=False) if f.key == "host" else f for f in MAIL.fields)
    return Record(MAIL.name, MAIL.label, fields)


def _no_settings(path: Path) -> Issue:
    return issue(Source(str(path)), "", "mail.no-settings", path=str(path))


def _secret_key(key: str) -> bool:
    name = key.strip().lower()
    return name in _SECRET_KEYS or any(part in name for part in _SECRET_PARTS)


def _refuse_secrets(node: Node, path: str, reader: Reader) -> None:
    """A password anywhere in the file is an error that says where passwords go instead."""
    if isinstance(node, Mapping):
        for key, (key_source, child) in node.entries.items():
            here = f"{path}.{key}" if path else key
            if _secret_key(key):
                reader.add(
                    key_source, here, "mail.password-in-file", env=PASSWORD_ENV, service=KEYRING_SERVICE
                )
            else:
                _refuse_secrets(child, here, reader)
    elif isinstance(node, Sequence):
        for index, item in enumerate(node.items, start=1):
            _refuse_secrets(item, f"{path}[{index}]", reader)


_HEADER_CODES = {CONTROL: "mail.control", ENCODED_WORD: "mail.encoded-word", ADDRESS: "mail.address-in-name"}


def _label(key: str) -> str:
    field = MAIL.field(key)
    return field.label if field is not None else key


def _settings(
    values: Values, reader: Reader, base: Path, need_server: bool, allow_plain: bool
) -> MailSettings:
    _check_headers(values, reader)
    host = str(value_of(values, "host", "")).strip()
    if host and any(char.isspace() for char in host):
        reader.add(values["host"][1], "host", "mail.host", text=host)
    sender = _sender(values, reader)
    port, security = _port_and_security(values, reader)
    timeout = value_of(values, "timeout", DEFAULT_TIMEOUT)
    if timeout == 0:
        reader.add(values["timeout"][1], "timeout", "mail.timeout-zero")
    user = value_of(values, "user")
    if need_server and security == "plain":
        _check_plain(values, reader, allow_plain)
    return MailSettings(
        host=host,
        port=port,
        security=security,
        user=str(user) if user else None,
        sender=sender,
        sender_name=str(values["sender_name"][0]) if "sender_name" in values else None,
        cafile=_cafile_setting(values, reader, base),
        timeout=int(timeout),
    )


def _sender(values: Values, reader: Reader) -> str:
    sender = str(value_of(values, "sender", "")).strip()
    if sender and not EMAIL.match(sender):
        reader.add(values["sender"][1], "sender", "mail.sender", text=sender)
    return sender


def _check_headers(values: Values, reader: Reader) -> None:
    """Nothing in a setting that goes into a header (or names a file) could forge one; such a value is dropped."""
    for key in ("host", "user", "sender", "sender_name", "cafile"):
        if key not in values:
            continue
        problem = header_problem(str(values[key][0]), display_name=key == "sender_name")
        if problem is not None:
            reader.add(values[key][1], key, _HEADER_CODES[problem], label=_label(key))
            del values[key]


def _port_and_security(values: Values, reader: Reader) -> tuple[int, str]:
    """The port and security as written, each defaulting from the other: 465 and tls, 587 (or 25) and starttls."""
    port = value_of(values, "port")
    security = value_of(values, "security") or ("starttls" if port in (25, 587) else "tls")
    if port is None:
        port = DEFAULT_PORTS[security]
    elif not 1 <= port <= 65535:
        reader.add(values["port"][1], "port", "mail.port", text=str(port))
    return int(port), str(security)


def _check_plain(values: Values, reader: Reader, allow_plain: bool) -> None:
    """Unencrypted only when allowed (a local relay), and never with a login that would send the password."""
    if not (allow_plain or value_of(values, "allow_plain", False)):
        reader.add(values["security"][1], "security", "mail.plain")
    elif value_of(values, "user"):
        reader.add(values["user"][1], "user", "mail.plain-login")


def _cafile_setting(values: Values, reader: Reader, base: Path) -> Path | None:
    if "cafile" not in values:
        return None
    written = str(values["cafile"][0])
    cafile = _cafile(written, base)
    if cafile is None or not _is_file(cafile):
        reader.add(values["cafile"][1], "cafile", "mail.cafile", cafile=str(cafile or written))
    return cafile


def _cafile(written: str, base: Path) -> Path | None:
    """The CA file named in the settings, relative to their folder; None for ~user of no such user."""
    try:
        return base / Path(written).expanduser()
    except RuntimeError:
        return None


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a name the system cannot even look up (too long, say) is not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find_password(
    user: str,
    host: str,
    environ: MappingOf[str, str],
    lookup: PasswordLookup | None,
    reader: Reader,
    values: Values,
) -> str | None:
    """BRIEFING_SMTP_PASSWORD, else the keyring entry briefing-smtp / user@host; a missing one is an issue."""
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    note = ""
    try:
        password = (lookup or _keyring_password)(KEYRING_SERVICE, f"{user}@{host}")
    except Exception as exc:  # keyring backends raise many kinds; any of them means "no password there"
        password, note = None, f"{type(exc).__name__}: {str(exc).split('. ')[0]}"
    if password:
        return password
    reader.add(
        values["user"][1],
        "user",
        "mail.no-password",
        user=user,
        env=PASSWORD_ENV,
        service=KEYRING_SERVICE,
        account=f"{user}@{host}",
        reason=note or "-",
    )
    return None


def _keyring_password(service: str, account: str) -> str | None:
    import keyring

    return keyring.get_password(service, account)
