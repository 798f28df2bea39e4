import SearchIcon from "@mui/icons-material/Search";
import InputAdornment from "@mui/material/InputAdornment";
import TextField from "@mui/material/TextField";
import { useEffect, useState } from "react";

/** A search box that reports its value once typing pauses. */
export function SearchField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => onChange(text.trim()), 350);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <TextField
      label={label}
      type="search"
      value={text}
      onChange={(e) => setText(e.target.value)}
      sx={{ maxWidth: { sm: 280 } }}
      slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
    />
  );
}
