import Pagination from "@mui/material/Pagination";
import Stack from "@mui/material/Stack";

export function Pager({ count, pageSize, page, onChange }: { count: number; pageSize: number; page: number; onChange: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) return null;
  return (
    <Stack sx={{ alignItems: "center", mt: 2 }}>
      <Pagination count={pages} page={page} onChange={(_, value) => onChange(value)} siblingCount={0} />
    </Stack>
  );
}
