import type { Pool } from "@emporium/platform";

const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";
const ADA = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0003";
const product = (n: number) => `0192f000-0000-7000-8000-${(n * 16 + 1).toString(16).padStart(12, "0")}`;

/** Reviews by the realm's users on catalog seed products (same fixed ids); never overwrites. */
const seed: Array<[author: string, productNo: number, rating: number, title: string, body: string]> = [
  [ALICE, 0, 5, "Sears like a dream", "Heavy, holds heat, and the seasoning held up after a month of daily use."],
  [BOB, 0, 4, "Great, but heavy", "Does everything a skillet should. Needs two hands when full."],
  [ADA, 0, 5, "Buy it once", "Will outlive us all."],
  [ALICE, 2, 4, "Precise pour", "The gooseneck makes pour-over easy; the lid rattles a little."],
  [BOB, 5, 3, "Fine coffee, fiddly cleaning", "Good brew, but the mesh filter is a pain to rinse."],
  [ALICE, 100, 5, "Softest tee I own", "Washed a dozen times and still soft."],
  [BOB, 200, 4, "Roomy for two", "Easy to pitch; a bit tight with two big packs inside."],
  [ADA, 300, 5, "Silence, finally", "Noise cancelling works on trains and in open offices."],
  [ALICE, 400, 5, "A classic for a reason", "Explains replication and partitioning better than anything else."],
  [BOB, 400, 5, "Dense but worth it", "Read it slowly, chapter by chapter."],
];

export async function seedReviews(pool: Pool): Promise<void> {
  const at = new Date("2026-02-01T00:00:00Z");
  for (const [i, [authorId, n, rating, title, body]] of seed.entries()) {
    const time = new Date(at.getTime() + i * 3_600_000);
    await pool.query(
      "INSERT INTO reviews (id, product_id, author_id, rating, title, body, create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING",
      [
        `0192f000-0000-7000-8000-b000000000${String(i).padStart(2, "0")}`,
        product(n),
        authorId,
        rating,
        title,
        body,
        time,
      ],
    );
  }
}
