import type { ProductImage } from "./product";

export type ImageSizeName = "thumb" | "small" | "medium" | "large";

/** Every image is served in each of these widths (pixels); the height keeps the aspect ratio. */
export const IMAGE_WIDTHS: Readonly<Record<ImageSizeName, number>> = {
  thumb: 160,
  small: 320,
  medium: 640,
  large: 1280,
};

export interface ImageVariant {
  size: ImageSizeName;
  url: string;
  width: number;
}

/**
 * The URL of one size of a picture: `<base>/w<width>/<key>`, the layout of a store that holds
 * each width pre-scaled (or an image proxy that scales on the fly).
 */
export function imageUrl(baseUrl: string, key: string, size: ImageSizeName): string {
  return `${baseUrl.replace(/\/+$/, "")}/w${IMAGE_WIDTHS[size]}/${key}`;
}

/** Every size of a picture, smallest first. */
export function imageVariants(baseUrl: string, image: ProductImage): ImageVariant[] {
  return (Object.keys(IMAGE_WIDTHS) as ImageSizeName[]).map((size) => ({
    size,
    url: imageUrl(baseUrl, image.key, size),
    width: IMAGE_WIDTHS[size],
  }));
}
