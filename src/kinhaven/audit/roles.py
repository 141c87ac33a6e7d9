"""PostgreSQL roles: the application may only read, append and seal the audit tables.

The tables' owner (who runs migrations) can truncate them, switch their triggers off and rewrite
them. The application therefore connects as a role of its own that holds SELECT and INSERT on the
audit tables, and UPDATE of an audit entry's chain fields alone, which the sealer sets once (a
trigger refuses every other change: audit migration 0005); every other table it may read and
change.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Privileges on an audit table that would let a role change or remove what it holds, in the order
# _audit_rights asks for them.
FORBIDDEN_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")

# The columns of an audit entry the sealer sets, once: the application may UPDATE these alone,
# and only while the trigger that holds them to that is in place.
CHAIN_COLUMNS = ("seq", "prev_hash", "entry_hash", "entry_mac")
SEAL_TRIGGER = "audit_entry_no_update"


def audit_tables() -> list[str]:
    """Return the audit tables that are only read and appended to."""
    from kinhaven.audit.models import AuditCheckpoint, AuditEntry

    return [AuditEntry._meta.db_table, AuditCheckpoint._meta.db_table]


def app_role_grant(*, role: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Grant the application role its rights: audit tables SELECT and INSERT, and UPDATE of an
    audit entry's chain fields only.

    Run as the tables' owner, before the first migration (the role may then connect) and after
    every one (post_migrate does when KINHAVEN_DB_APP_ROLE is set), so new tables are covered.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("database roles are PostgreSQL's")
    # psycopg is loaded where PostgreSQL is used, not in every process on SQLite.
    from psycopg import sql

    # Revoking from the owner would strip the owner; granting to a superuser would change nothing.
    unfit = [text for kind, text in _audit_rights(role=role, using=using) if kind != "privilege"]
    if unfit:
        raise ValueError(f"role {role} cannot serve as the application role: {'; '.join(unfit)}")
    role_name = sql.Identifier(role)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), current_database()")
        schema_name, database_name = cursor.fetchone()
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename = ANY(%s)",
            [schema_name, audit_tables()],
        )
        existing = sorted(row[0] for row in cursor.fetchall())
        schema = sql.Identifier(schema_name)
        tables = sql.SQL(", ").join(sql.Identifier(schema_name, t) for t in existing)
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database_name), role_name
            ),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, role_name),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                schema, role_name
            ),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                schema, role_name
            ),
        ]
        if existing:  # none before the first migration
            statements += [
                # Also takes back whatever an earlier, wider grant gave, on columns too.
                sql.SQL("REVOKE ALL ON {} FROM {}").format(tables, role_name),
                sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(tables, role_name),
            ]
        entry_table = audit_tables()[0]
        if entry_table in existing:
            statements.append(
                sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(c) for c in CHAIN_COLUMNS),
                    sql.Identifier(schema_name, entry_table),
                    role_name,
                )
            )
        for statement in statements:
            cursor.execute(statement.as_string(cursor.connection))


def app_role_create(*, role: str, password: str | None, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create the application's login role if it does not exist; tell whether it was created.

    A given password is set (also on an existing role, whose attributes are left alone) as a SCRAM
    verifier computed here, so the password itself never reaches the server or its statement log.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("database roles are PostgreSQL's")
    # psycopg is loaded where PostgreSQL is used, not in every process on SQLite.
    from psycopg import sql

    verifier = sql.Literal(scram_verifier(password)) if password is not None else None
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        created = cursor.fetchone() is None
        if created:
            verb = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
        elif verifier is not None:
            verb = sql.SQL("ALTER ROLE {}")
        else:
            return False
        statement = verb.format(sql.Identifier(role))
        if verifier is not None:
            statement = sql.SQL("{} PASSWORD {}").format(statement, verifier)
        cursor.execute(statement.as_string(cursor.connection))
    return created


def scram_verifier(password: str, *, iterations: int = 4096, salt: bytes | None = None) -> str:
    """Return PostgreSQL's SCRAM-SHA-256 verifier of a password (RFC 5802, RFC 7677).

    PostgreSQL normalises passwords with SASLprep; for printable ASCII that changes nothing, so
    only such passwords are taken.
    """
    if not password or not all(" " <= c <= "~" for c in password):
        raise ValueError("the password must be printable ASCII")
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def audit_rights_problems(*, role: str | None = None, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Name every way a role (the connected one by default) could change or remove audit rows.

    Counted: being or reaching (by membership, also without INHERIT, since SET ROLE gets there) a
    superuser, an audit table's owner, or a role with UPDATE, DELETE, TRUNCATE or TRIGGER on one;
    UPDATE of any column but an audit entry's chain fields; and UPDATE of those while the trigger
    that lets them be set only once, in chain order, is missing or switched off. Empty on
    databases without roles.
    """
    return [text for _, text in _audit_rights(role=role, using=using)]


def _audit_rights(*, role: str | None, using: str) -> list[tuple[str, str]]:
    # (kind, text): kind is "superuser", "owner" or "privilege".
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        # Every role the given one is a member of counts: SET ROLE reaches it.
        cursor.execute(
            """
            SELECT m.rolname, m.rolsuper, c.relname, c.relowner = m.oid,
                   has_table_privilege(m.oid, c.oid, 'UPDATE'),
                   has_table_privilege(m.oid, c.oid, 'DELETE'),
                   has_table_privilege(m.oid, c.oid, 'TRUNCATE'),
                   has_table_privilege(m.oid, c.oid, 'TRIGGER')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN pg_roles m
            WHERE n.nspname = current_schema()
              AND c.relname = ANY(%s)
              AND pg_has_role(COALESCE(%s::text, current_user)::name, m.oid, 'MEMBER')
            ORDER BY c.relname, m.rolname
            """,
            [audit_tables(), role],
        )
        rows = cursor.fetchall()
        cursor.execute(
            """
            SELECT m.rolname, c.relname, a.attname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            CROSS JOIN pg_roles m
            WHERE n.nspname = current_schema()
              AND c.relname = ANY(%s)
              AND pg_has_role(COALESCE(%s::text, current_user)::name, m.oid, 'MEMBER')
              AND NOT m.rolsuper
              AND c.relowner <> m.oid
              AND NOT has_table_privilege(m.oid, c.oid, 'UPDATE')
              AND has_column_privilege(m.oid, c.oid, a.attnum, 'UPDATE')
            ORDER BY c.relname, m.rolname, a.attnum
            """,
            [audit_tables(), role],
        )
        column_rows = cursor.fetchall()
        cursor.execute(
            """
            SELECT 1 FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = %s AND t.tgname = %s
              AND t.tgenabled IN ('O', 'A')
            """,
            [audit_tables()[0], SEAL_TRIGGER],
        )
        seal_guarded = cursor.fetchone() is not None
    problems: list[tuple[str, str]] = []
    for member, superuser, table, owns, *flags in rows:
        privileges = [p for p, has in zip(FORBIDDEN_PRIVILEGES, flags, strict=True) if has]
        if superuser:
            problem = ("superuser", f"role {member} is a superuser")
        elif owns:
            problem = ("owner", f"role {member} owns {table}")
        elif privileges:
            problem = ("privilege", f"role {member} holds {', '.join(privileges)} on {table}")
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    # Column grants, where the whole table's UPDATE has not already been named.
    columns: dict[tuple[str, str], list[str]] = {}
    for member, table, column in column_rows:
        columns.setdefault((member, table), []).append(column)
    for (member, table), names in columns.items():
        allowed = CHAIN_COLUMNS if table == audit_tables()[0] else ()
        beyond = [name for name in names if name not in allowed]
        if beyond:
            problem = ("privilege", f"role {member} holds UPDATE of {', '.join(beyond)} on {table}")
        elif not seal_guarded:
            problem = (
                "privilege",
                f"role {member} holds UPDATE of the chain fields on {table} while its trigger "
                f"{SEAL_TRIGGER} is missing or switched off",
            )
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    return problems
