// Reads an Arrow store with arrow-js and prints what it sees as one JSON line: the schema (names, types,
// metadata), the row count, and the pixels (hex) and label of one row. Usage: node read-store.mjs FILE ROW
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";

const [file, rowText] = process.argv.slice(2);
const table = tableFromIPC(readFileSync(file));
const row = Number(rowText);
const pixels = table.getChild("pixels").get(row);
console.log(JSON.stringify({
  fields: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
  metadata: Object.fromEntries(table.schema.metadata),
  rows: table.numRows,
  batches: table.batches.length,
  pixels: Buffer.from(pixels).toString("hex"),
  label: table.getChild("label").get(row),
  checksum: table.getChild("checksum").get(row),
}));
