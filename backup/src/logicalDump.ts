import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Client } from 'pg';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ROWS_PER_STATEMENT = 500;

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

interface TableRow {
  oid: number;
  schema: string;
  name: string;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * A plain SQL dump made over the wire inside one REPEATABLE READ READ ONLY transaction (one
 * snapshot), for servers pg_dump cannot dump (the embedded PGlite is a newer major version than
 * Debian's pg_dump). It covers what GitForge's schemas use: schemas, tables with columns,
 * defaults and constraints, indexes, sequences and rows (as JSON, decoded by
 * jsonb_populate_recordset, so every type round-trips through its text form). Foreign keys are
 * added after the rows. Runs unchanged through psql or PGlite.
 */
export async function logicalDump(
  databaseUrl: string,
  file: string,
): Promise<{ serverVersion: string; tables: Record<string, number> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const out = createWriteStream(file, { mode: 0o600 });
  const tables: Record<string, number> = {};
  try {
    await client.query('begin isolation level repeatable read read only');
    const version = (await client.query<{ v: string }>('select version() as v')).rows[0]!.v;
    await write(
      out,
      `-- GitForge logical dump\n-- ${version}\nset standard_conforming_strings = on;\nbegin;\n`,
    );
    const schemas = await client.query<{ name: string }>(
      `select n.nspname as name from pg_namespace n where ${USER_SCHEMAS} and n.nspname <> 'public'`,
    );
    for (const s of schemas.rows)
      await write(out, `create schema if not exists ${quoteIdent(s.name)};\n`);
    const sequences = await client.query<{
      schema: string;
      name: string;
      last: string | null;
      called: boolean;
    }>(
      `select schemaname as schema, sequencename as name, last_value::text as last, last_value is not null as called
         from pg_sequences where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    for (const s of sequences.rows) {
      await write(
        out,
        `create sequence if not exists ${quoteIdent(s.schema)}.${quoteIdent(s.name)};\n`,
      );
    }
    const tableRows = await client.query<TableRow>(
      `select c.oid::int as oid, n.nspname as schema, c.relname as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and ${USER_SCHEMAS} order by n.nspname, c.relname`,
    );
    const foreignKeys: string[] = [];
    for (const t of tableRows.rows) {
      const qualified = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
      const columns = await client.query<{
        name: string;
        type: string;
        notnull: boolean;
        def: string | null;
      }>(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
                pg_get_expr(d.adbin, d.adrelid) as def
           from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
          where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [t.oid],
      );
      const constraints = await client.query<{ name: string; def: string; type: string }>(
        `select conname as name, pg_get_constraintdef(oid) as def, contype as type
           from pg_constraint where conrelid = $1 order by contype, conname`,
        [t.oid],
      );
      const lines = columns.rows.map(
        (c) =>
          `  ${quoteIdent(c.name)} ${c.type}${c.def !== null ? ` default ${c.def}` : ''}${c.notnull ? ' not null' : ''}`,
      );
      for (const c of constraints.rows) {
        const clause = `constraint ${quoteIdent(c.name)} ${c.def}`;
        if (c.type === 'f') foreignKeys.push(`alter table ${qualified} add ${clause};\n`);
        else if (c.type !== 'n') lines.push(`  ${clause}`);
      }
      await write(out, `create table ${qualified} (\n${lines.join(',\n')}\n);\n`);
      const indexes = await client.query<{ def: string }>(
        `select pg_get_indexdef(i.indexrelid) as def from pg_index i
          where i.indrelid = $1 and not exists
            (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))`,
        [t.oid],
      );
      for (const i of indexes.rows) await write(out, `${i.def};\n`);
      tables[`${t.schema}.${t.name}`] = await dumpRows(client, out, qualified);
    }
    for (const fk of foreignKeys) await write(out, fk);
    for (const s of sequences.rows) {
      if (s.last === null) continue;
      const name = quoteLiteral(`${quoteIdent(s.schema)}.${quoteIdent(s.name)}`);
      await write(out, `select setval(${name}, ${s.last}, true);\n`);
    }
    await write(out, 'commit;\n');
    await client.query('commit');
    out.end();
    await once(out, 'finish');
    return { serverVersion: version, tables };
  } catch (err) {
    out.destroy();
    throw err;
  } finally {
    await client.end();
  }
}

async function dumpRows(client: Client, out: WriteStream, qualified: string): Promise<number> {
  // As text: a bigint parsed into a JavaScript number would lose digits.
  const rows = await client.query<{ row: string }>(
    `select to_jsonb(t)::text as row from ${qualified} t`,
  );
  for (let i = 0; i < rows.rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = `[${rows.rows
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((r) => r.row)
      .join(',')}]`;
    await write(
      out,
      `insert into ${qualified} select * from jsonb_populate_recordset(null::${qualified}, ${quoteLiteral(chunk)}::jsonb);\n`,
    );
  }
  return rows.rows.length;
}
