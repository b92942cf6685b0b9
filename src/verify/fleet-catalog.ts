import { listRelations, type Relation } from '../catalog/relations.js';
import { readCatalog, type CatalogParts, type CatalogRead } from '../catalog/schema-catalog.js';
import type { SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
import { catalogOf, type SchemaCatalog } from './side-catalog.js';

/**
 * Relations per catalog read of a fan-out, part after part, the last size repeating: a few hundred tables are
 * one quick statement per concept, and the locks the catalog's deparse functions take (released when the read's
 * savepoint is rolled back) stay far below what a server's lock table holds (64 per connection by default).
 * The first parts are smaller, so that the first runs start once their own schemas are read, not a full part.
 */
const RELATIONS_PER_READ: readonly number[] = [50, 100, 200, 400];

/** Consecutive schemas of the fan-out read together, and how many of them no run has taken yet. */
interface Part {
  readonly relations: Relation[];
  untaken: number;
  read: Promise<CatalogRead> | undefined;
  next: Part | undefined;
}

/** One side's listing of the fan-out's schemas: each schema's relations and part, and how many parts are held. */
interface Listing {
  readonly relations: ReadonlyMap<string, readonly Relation[]>;
  readonly partOf: ReadonlyMap<string, Part>;
  held: number;
}

/**
 * How long a part's read waits for a lock (the deparse functions take one on each table): a store locked by a
 * migration still running must not hold up the stores read with it. A part that cannot get its locks at once
 * is left to its runs, each reading its own schema with the run's --lock-timeout, as a run on its own would.
 */
const LOCK_WAIT_MS = 100;

/** Parts read and not yet taken by all their runs: the fan-out's catalog in memory is bounded by this many parts. */
const PARTS_HELD = 3;

/**
 * The catalog of every schema of a forEach fan-out, read a part at a time instead of one store at a time: the
 * fan-out's schemas are listed once per side (one scan of pg_class), then read several hundred relations per
 * round trip, by oid. Each run takes its schema's part; a part is read when its first run asks, the parts after
 * it while the runs work (on the other connections), and let go when its last run has taken it: a thousand
 * stores' catalog is never held at once. A schema the read could not serve (absent, or a failed read) is read
 * by its run alone, which then fails with that schema's own reason.
 */
export class FleetCatalog {
  private readonly listings = new Map<Side, Promise<Listing | undefined>>();

  /** `schemas`: each run's schema per side, in the order the runs start; `relationsPerRead` sizes the parts. */
  constructor(
    private readonly schemas: Readonly<Record<Side, readonly string[]>>,
    private readonly parts: CatalogParts,
    private readonly relationsPerRead: readonly number[] = RELATIONS_PER_READ,
  ) {}

  async schema(session: SideSession, schema: string): Promise<SchemaCatalog | undefined> {
    const listing = await this.listing(session);
    const part = listing?.partOf.get(schema);
    const relations = listing?.relations.get(schema) ?? [];
    if (listing === undefined || part === undefined || !relations.some((relation) => relation.kind === 'table'))
      return undefined;
    const read = this.start(session, listing, part);
    if (--part.untaken === 0) {
      part.read = undefined;
      listing.held--;
      this.readAhead(session, listing, part);
    }
    try {
      return catalogOf(schema, relations, { read: await read, errors: new Map() }, this.parts.structure);
    } catch {
      return undefined;
    }
  }

  /** `part`'s read, started unless it is under way; once done, the parts after it are read while the runs work. */
  private start(session: SideSession, listing: Listing, part: Part): Promise<CatalogRead> {
    if (part.read === undefined) {
      const read = session.withClient((client) => readCatalog(client, part.relations, this.parts, LOCK_WAIT_MS));
      part.read = read;
      listing.held++;
      read.then(
        () => this.readAhead(session, listing, part),
        () => undefined,
      );
    }
    return part.read;
  }

  /** Starts the parts after `part` that no run has taken yet, as long as fewer than PARTS_HELD are held. */
  private readAhead(session: SideSession, listing: Listing, part: Part): void {
    for (let next = part.next; next !== undefined && listing.held < PARTS_HELD; next = next.next)
      if (next.read === undefined && next.untaken > 0) void this.start(session, listing, next).catch(() => undefined);
  }

  private listing(session: SideSession): Promise<Listing | undefined> {
    let listing = this.listings.get(session.side);
    if (listing === undefined) {
      const schemas = this.schemas[session.side];
      listing = session
        .withClient((client) => listRelations(client, [...new Set(schemas)]))
        .then(
          (relations): Listing => ({ relations, partOf: partsOf(schemas, relations, this.relationsPerRead), held: 0 }),
          () => undefined,
        );
      this.listings.set(session.side, listing);
    }
    return listing;
  }
}

/**
 * Consecutive schemas, in the fan-out's order, grouped into parts of about `relationsPerRead` relations each
 * (part after part, the last size repeating; a schema is never split); a part waits for as many runs as name
 * its schemas (a template source schema: every run).
 */
function partsOf(
  runs: readonly string[],
  relations: ReadonlyMap<string, readonly Relation[]>,
  relationsPerRead: readonly number[],
): Map<string, Part> {
  const partOf = new Map<string, Part>();
  let part: Part | undefined;
  let parts = 0;
  let size = 0;
  for (const schema of new Set(runs)) {
    const own = relations.get(schema) ?? [];
    if (part === undefined || (part.relations.length > 0 && part.relations.length + own.length > size)) {
      const next: Part = { relations: [], untaken: 0, read: undefined, next: undefined };
      if (part !== undefined) part.next = next;
      part = next;
      size = relationsPerRead[Math.min(parts++, relationsPerRead.length - 1)]!;
    }
    part.relations.push(...own);
    partOf.set(schema, part);
  }
  // A schema without tables is read by its run alone (which says whether it exists): no run takes it here.
  for (const schema of runs)
    if (relations.get(schema)?.some((relation) => relation.kind === 'table') === true) partOf.get(schema)!.untaken++;
  return partOf;
}
