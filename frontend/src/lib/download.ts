import { apiRequest, type Query } from "@/lib/api-client";

/** A CSV export needs the bearer token, so it is fetched and handed to the browser as a file. */
export async function downloadCsv(path: string, query: Query, filename: string) {
  const blob = await apiRequest<Blob>(path, { query: { ...query, format: "csv" }, responseType: "blob" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
