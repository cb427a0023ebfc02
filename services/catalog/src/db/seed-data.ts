/**
 * The realistic seed: 8 categories and 64 products with 1–4 SKUs each. Ids are fixed (UUIDv7 shape,
 * from a fixed time) so docs, other services' seeds and tests can refer to them.
 */
export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  categoryId: string;
  skus: Array<{ id: string; code: string; name: string; priceMinor: number; attributes: Record<string, string> }>;
}

export const seedCategories = [
  { id: "cat-kitchen", slug: "home-kitchen", name: "Home & Kitchen" },
  { id: "cat-apparel", slug: "apparel", name: "Apparel" },
  { id: "cat-outdoor", slug: "outdoor", name: "Outdoor & Camping" },
  { id: "cat-electronics", slug: "electronics", name: "Electronics" },
  { id: "cat-books", slug: "books", name: "Books" },
  { id: "cat-toys", slug: "toys-games", name: "Toys & Games" },
  { id: "cat-beauty", slug: "beauty", name: "Beauty & Care" },
  { id: "cat-office", slug: "office", name: "Office Supplies" },
];

type Line = [name: string, description: string, basePriceCents: number, variants: Array<Record<string, string>>];

const sizes = (...s: string[]) => s.map((size) => ({ size }));
const colors = (...c: string[]) => c.map((color) => ({ color }));
const one = [{}];

const lines: Record<string, Line[]> = {
  "cat-kitchen": [
    [
      "Cast Iron Skillet",
      "Pre-seasoned 26 cm cast iron skillet that goes from stove top to oven.",
      3499,
      sizes("20 cm", "26 cm", "30 cm"),
    ],
    [
      "Chef's Knife",
      "Forged stainless steel chef's knife with a full tang and a balanced handle.",
      5900,
      sizes("18 cm", "21 cm"),
    ],
    [
      "Pour-Over Coffee Kettle",
      "Gooseneck kettle for precise pour-over coffee brewing, 1 litre.",
      4250,
      colors("steel", "matte black"),
    ],
    [
      "Bamboo Cutting Board",
      "Sturdy bamboo cutting board with a juice groove, easy on knife edges.",
      1999,
      sizes("M", "L"),
    ],
    [
      "Ceramic Dinner Plates",
      "Set of four stoneware dinner plates, dishwasher and microwave safe.",
      3800,
      colors("white", "sand", "slate"),
    ],
    [
      "French Press",
      "Borosilicate glass French press coffee maker with a double mesh filter.",
      2900,
      sizes("350 ml", "1 l"),
    ],
    ["Silicone Baking Mat", "Non-stick reusable baking mat that replaces parchment paper.", 1200, one],
    ["Espresso Cups", "Double-walled glass espresso cups that keep coffee hot, set of two.", 1650, one],
  ],
  "cat-apparel": [
    ["Organic Cotton T-Shirt", "Soft crew-neck t-shirt made of 100% organic cotton.", 2200, sizes("S", "M", "L", "XL")],
    ["Merino Wool Sweater", "Fine-knit merino wool sweater, warm and breathable.", 8900, sizes("S", "M", "L")],
    [
      "Rain Jacket",
      "Waterproof, breathable rain jacket with taped seams and a packable hood.",
      12900,
      sizes("S", "M", "L", "XL"),
    ],
    ["Denim Jeans", "Straight-fit jeans in rigid selvedge denim.", 9500, sizes("30", "32", "34")],
    ["Wool Socks", "Cushioned hiking socks in a merino wool blend, two pairs.", 1800, sizes("S", "M", "L")],
    ["Linen Shirt", "Relaxed linen shirt for warm days.", 6400, sizes("M", "L")],
    ["Running Cap", "Lightweight running cap with a sweat band.", 2400, colors("black", "white")],
    ["Leather Belt", "Full-grain leather belt with a brass buckle.", 4500, sizes("85", "95", "105")],
  ],
  "cat-outdoor": [
    ["Two-Person Tent", "Freestanding three-season tent for two, 2.1 kg.", 24900, colors("green", "orange")],
    ["Down Sleeping Bag", "Lightweight down sleeping bag rated to -5 °C.", 28900, sizes("regular", "long")],
    ["Trekking Poles", "Collapsible aluminium trekking poles with cork grips, pair.", 6900, one],
    ["Camping Stove", "Compact gas canister stove that boils a litre in four minutes.", 4900, one],
    ["Headlamp", "Rechargeable 400 lumen headlamp with a red light mode.", 3900, one],
    ["Water Filter", "Squeeze water filter that removes bacteria and protozoa.", 3400, one],
    ["Hiking Backpack", "45 litre hiking backpack with an adjustable back system.", 15900, sizes("S/M", "L/XL")],
    [
      "Insulated Water Bottle",
      "Stainless steel bottle that keeps drinks cold for 24 hours.",
      2900,
      colors("blue", "black", "white"),
    ],
  ],
  "cat-electronics": [
    [
      "Wireless Headphones",
      "Over-ear wireless headphones with active noise cancelling.",
      19900,
      colors("black", "silver"),
    ],
    [
      "Bluetooth Speaker",
      "Waterproof portable speaker with 12 hours of battery.",
      7900,
      colors("black", "red", "teal"),
    ],
    ["USB-C Charger", "65 W USB-C charger with two ports for laptop and phone.", 4500, one],
    [
      "Mechanical Keyboard",
      "Tenkeyless mechanical keyboard with hot-swappable switches.",
      11900,
      colors("linear", "tactile"),
    ],
    ["Wireless Mouse", "Ergonomic wireless mouse with a silent click.", 3900, colors("graphite", "white")],
    ["E-Reader", "Glare-free 6 inch e-reader with a warm light.", 12900, sizes("8 GB", "32 GB")],
    ["Smart Plug", "Wi-Fi smart plug with energy monitoring.", 1900, one],
    ["Portable Power Bank", "20 000 mAh power bank with fast charging.", 4900, one],
  ],
  "cat-books": [
    [
      "Designing Data-Intensive Applications",
      "The big ideas behind reliable, scalable and maintainable systems.",
      4500,
      [{ format: "paperback" }, { format: "ebook" }],
    ],
    [
      "Domain-Driven Design Distilled",
      "A concise introduction to strategic and tactical domain-driven design.",
      3200,
      [{ format: "paperback" }],
    ],
    [
      "Building Microservices",
      "Designing fine-grained systems, second edition.",
      4900,
      [{ format: "paperback" }, { format: "ebook" }],
    ],
    ["The Pragmatic Programmer", "Your journey to mastery, 20th anniversary edition.", 4200, [{ format: "hardcover" }]],
    [
      "Release It!",
      "Design and deploy production-ready software: stability patterns.",
      3900,
      [{ format: "paperback" }],
    ],
    ["Thinking in Systems", "A primer on systems thinking.", 1900, [{ format: "paperback" }]],
    [
      "The Art of Fermentation",
      "An in-depth exploration of fermentation from around the world.",
      3500,
      [{ format: "hardcover" }],
    ],
    ["Trail Guide to the Alps", "Forty multi-day hiking routes across the Alps.", 2800, [{ format: "paperback" }]],
  ],
  "cat-toys": [
    ["Wooden Building Blocks", "Set of 100 natural wooden blocks.", 3900, one],
    ["Strategy Board Game", "A game of trading and building for 3–4 players.", 4400, one],
    ["Jigsaw Puzzle 1000", "1000-piece jigsaw puzzle of a mountain lake.", 1900, one],
    ["Remote Control Car", "Off-road remote control car with rechargeable battery.", 5900, colors("red", "blue")],
    ["Card Game", "Fast-paced card game for 2–6 players.", 1200, one],
    ["Kite", "Easy-flying delta kite with a 50 m line.", 2500, colors("rainbow", "blue")],
    ["Plush Bear", "Soft plush bear made of recycled fibres.", 2200, sizes("small", "large")],
    ["Marble Run", "Construction set for marble runs, 120 pieces.", 4900, one],
  ],
  "cat-beauty": [
    [
      "Natural Soap Bar",
      "Cold-process soap with olive oil and lavender.",
      650,
      [{ scent: "lavender" }, { scent: "cedar" }, { scent: "unscented" }],
    ],
    ["Shampoo Bar", "Plastic-free shampoo bar for all hair types.", 1100, one],
    ["Face Moisturiser", "Light daily moisturiser with SPF 30.", 2400, one],
    ["Bamboo Toothbrush", "Biodegradable toothbrush, pack of four.", 900, one],
    ["Beard Oil", "Conditioning beard oil with jojoba and argan.", 1500, one],
    ["Lip Balm", "Beeswax lip balm, set of three.", 800, one],
    ["Hand Cream", "Rich hand cream for dry skin.", 1300, sizes("50 ml", "100 ml")],
    ["Safety Razor", "Stainless steel double-edge safety razor.", 3400, one],
  ],
  "cat-office": [
    ["Dot Grid Notebook", "A5 notebook with 160 pages of dot grid paper.", 1800, colors("black", "navy", "olive")],
    ["Fountain Pen", "Steel-nib fountain pen with a converter.", 2900, sizes("fine", "medium")],
    ["Desk Lamp", "Dimmable LED desk lamp with adjustable colour temperature.", 5900, colors("white", "black")],
    ["Standing Desk Mat", "Anti-fatigue mat for standing desks.", 4900, one],
    ["Monitor Stand", "Bamboo monitor stand with storage.", 3900, one],
    ["Cable Organiser", "Set of reusable cable ties and clips.", 900, one],
    ["Paper Tray", "Stackable paper tray, set of two.", 1500, one],
    ["Ergonomic Office Chair", "Office chair with adjustable lumbar support.", 34900, colors("grey", "black")],
  ],
};

/** UUIDv7-shaped ids from a fixed timestamp and a counter: stable across runs and machines. */
function fixedId(kind: number, n: number): string {
  const hex = (n * 16 + kind).toString(16).padStart(12, "0");
  return `0192f000-0000-7000-8000-${hex}`;
}

const code = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

export const seedProducts: SeedProduct[] = Object.entries(lines).flatMap(([categoryId, products], c) =>
  products.map(([name, description, base, variants], i) => {
    const n = c * 100 + i;
    return {
      id: fixedId(1, n),
      name,
      description,
      categoryId,
      skus: variants.map((attributes, v) => {
        const label = Object.values(attributes).join(" ");
        return {
          id: fixedId(2, n * 10 + v),
          code: `${code(name)}${label ? `-${code(label)}` : ""}`,
          name: label ? `${name}, ${label}` : name,
          priceMinor: base + v * Math.round(base * 0.1),
          attributes,
        };
      }),
    };
  }),
);
