export interface Review {
  id: string;
  productId: string;
  authorId: string;
  rating: number;
  title: string;
  body: string;
  createTime: Date;
  updateTime: Date;
}

export interface RatingSummary {
  productId: string;
  average: number;
  count: number;
}
