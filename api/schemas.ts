/** The zod schemas of the API: they validate requests, shape responses and generate the OpenAPI document. */
import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z
      .object({
        code: z.string().meta({ description: 'Stable error code, e.g. VALIDATION, NOT_FOUND, LEDGER_REFUSED' }),
        message: z.object({ id: z.string(), en: z.string() }).meta({ description: 'The message in Bahasa Indonesia and English' }),
        detail: z.string().optional(),
      })
      .loose(),
  })
  .meta({ id: 'Error' });

/** The error answers every route may give. */
export function errors(...statuses: Array<400 | 401 | 403 | 404 | 413 | 415 | 422 | 429 | 503 | 504>) {
  const out: Record<number, typeof ErrorBody> = { 500: ErrorBody };
  for (const s of [400, 429, ...statuses]) out[s] = ErrorBody;
  return out;
}

const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_.-]+$/, 'letters, digits, : _ . -');
export const IdParam = z.object({ id });
const isoDate = z.iso.date().or(z.iso.datetime());
const rupiahQuery = z.coerce.number().int().min(0).max(9_000_000_000_000_000);

export const ListQuery = z.object({
  q: z.string().max(200).optional().meta({ description: 'Words to search for; the last is matched as a prefix' }),
  buyer: id.optional().meta({ description: 'Buying organization id' }),
  supplier: id.optional().meta({ description: 'Supplier organization id' }),
  status: z.string().max(40).regex(/^[a-z_]+$/).optional(),
  method: z.string().max(40).regex(/^[a-z_]+$/).optional(),
  category: z.string().max(40).regex(/^[a-z_]+$/).optional(),
  source: z.string().max(80).regex(/^[a-z0-9:_.-]+$/).optional().meta({ description: "'ledger' or an import source such as 'ocds:paraguay'" }),
  minValue: rupiahQuery.optional(),
  maxValue: rupiahQuery.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(['recent', 'value_desc', 'value_asc']).optional(),
  cursor: z.string().max(400).regex(/^[A-Za-z0-9_-]*$/).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const Party = z.object({ id: z.string().nullable(), name: z.string() });

export const ProcessSummary = z
  .object({
    id: z.string(),
    source: z.string(),
    ocid: z.string(),
    packageId: z.string().nullable(),
    buyer: Party,
    title: z.string(),
    method: z.string(),
    category: z.string(),
    status: z.string(),
    value: z.string().nullable().meta({ description: 'Rupiah (or the currency given), as a decimal string' }),
    currency: z.string(),
    tenderStart: z.string().nullable(),
    tenderEnd: z.string().nullable(),
    updatedHeight: z.number().int(),
  })
  .meta({ id: 'ProcessSummary' });

export const ContractSummary = z
  .object({
    id: z.string(),
    source: z.string(),
    processId: z.string().nullable(),
    buyer: Party,
    supplier: Party,
    title: z.string(),
    category: z.string(),
    method: z.string(),
    status: z.string(),
    value: z.string().nullable(),
    currency: z.string(),
    signedAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    updatedHeight: z.number().int(),
  })
  .meta({ id: 'ContractSummary' });

export const HistoryEntry = z
  .object({ seq: z.number().int(), type: z.string(), time: z.string(), height: z.number().int(), txHash: z.string(), by: z.string(), byOrg: z.string(), attributes: z.record(z.string(), z.string()) })
  .meta({ id: 'HistoryEntry' });
export const AnchorEntry = z
  .object({ sha256: z.string(), field: z.string(), txHash: z.string(), height: z.number().int(), by: z.string(), byOrg: z.string(), time: z.string() })
  .meta({ id: 'AnchorEntry' });

const Doc = z.record(z.string(), z.unknown());

export const ContractDetail = ContractSummary.extend({
  terms: Doc.meta({ description: "The contract's terms as the ledger holds them (contract program record)" }),
  orders: z.array(Doc),
  payments: z.array(Doc),
  history: z.array(HistoryEntry),
  documents: z.array(AnchorEntry),
  proofKey: z.string().nullable().meta({ description: 'State key to ask /proof for' }),
}).meta({ id: 'ContractDetail' });

export const ProcessDetail = ProcessSummary.extend({
  detail: Doc,
  bids: z.array(Doc),
  contracts: z.array(z.string()),
  history: z.array(HistoryEntry),
  documents: z.array(AnchorEntry),
  proofKey: z.string().nullable(),
}).meta({ id: 'ProcessDetail' });

export const TenderQuestion = z
  .object({ tenderId: z.string(), no: z.number().int(), askedBy: z.string(), text: z.string(), askedMs: z.number(), answer: z.string().nullable(), answeredBy: z.string().nullable(), answeredMs: z.number().nullable() })
  .meta({ id: 'TenderQuestion' });
export const TenderObjection = z
  .object({
    tenderId: z.string(),
    no: z.number().int(),
    kind: z.enum(['sanggah', 'banding']),
    appealOf: z.number().int().nullable(),
    filedBy: z.string(),
    filedByMember: z.string(),
    text: z.string(),
    evidenceHashes: z.array(z.string()),
    filedMs: z.number(),
    status: z.enum(['open', 'upheld', 'rejected', 'superseded']),
    answer: z.string().nullable(),
    answeredBy: z.string().nullable(),
    answeredMs: z.number().nullable(),
    answeredLate: z.boolean(),
    bandingEndsMs: z.number().nullable(),
  })
  .meta({ id: 'TenderObjection' });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().optional() });

export const TxSubmit = z.object({ tx: z.base64().max(180_000).meta({ description: 'The signed transaction envelope (canonical DAG-CBOR), base64' }) });
export const LedgerResult = z.object({
  code: z.number().int(),
  name: z.string(),
  message: z.object({ id: z.string(), en: z.string() }),
});
export const TxResult = z
  .object({
    hash: z.string(),
    result: LedgerResult,
    log: z.string(),
    height: z.number().int().nullable(),
    stage: z.enum(['check', 'commit']),
  })
  .meta({ id: 'TxResult' });

export const Challenge = z.object({ memberId: id });
export const Login = z.object({ memberId: id, challenge: z.string().min(20).max(100), signature: z.base64().meta({ description: 'Ed25519 signature of the login message, base64' }) });
export const ApiKeyCreate = z.object({ name: z.string().min(1).max(100), scopes: z.array(z.enum(['read', 'payments', 'webhooks', 'documents'])).min(1) });
export const WebhookCreate = z.object({ url: z.url().max(500), types: z.array(z.string().min(1).max(80)).min(1).max(50) });

export const Hash = z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/) });

const Slot = z.object({ kind: z.enum(['ppk', 'org', 'apip']), orgId: z.string().optional() });
export const VerificationTask = z
  .object({
    contractId: z.string(),
    title: z.string(),
    buyer: Party,
    supplier: Party,
    milestone: z.object({
      id: z.string(),
      title: z.string(),
      shareBp: z.number().int(),
      dueMs: z.number().nullable(),
      claimedMs: z.number().nullable(),
      verifiers: z.array(Slot),
      verifications: z.array(z.object({ slot: z.number().int(), memberId: z.string() }).loose()),
    }),
    slot: z.number().int().meta({ description: 'The verifier slot (index in milestone.verifiers) your signature would fill' }),
  })
  .meta({ id: 'VerificationTask' });

const rupiahText = z.string().regex(/^\d+$/);
const byCategory = <T extends z.ZodType>(t: T) => z.object({ goods: t, works: t, consultancy: t, other: t });
export const RuleSetBody = z
  .object({
    id: z.string(),
    title: z.string(),
    pengadaanLangsungMax: byCategory(rupiahText),
    paAwardsAbove: byCategory(rupiahText),
    methodsFor: byCategory(z.array(z.string())),
    contractTypesFor: byCategory(z.array(z.string())),
    advanceCapBp: z.object({ small: z.number().int(), nonSmall: z.number().int(), consultancy: z.number().int(), multiYear: z.number().int() }),
    retentionBp: z.number().int(),
    performanceBondBp: z.number().int(),
    performanceBondLowBidShareBp: z.number().int(),
    performanceBondAbove: rupiahText,
    latePenaltyPerMillePerDay: z.number().int(),
    latePenaltyCapBp: z.number().int(),
    amendmentCapBp: z.number().int(),
    maintenanceMinDays: z.object({ permanent: z.number().int(), semiPermanent: z.number().int() }),
    articles: z.record(z.string(), z.string()),
  })
  .meta({ id: 'RuleSet' });
