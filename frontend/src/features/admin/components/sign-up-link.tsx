import ContentCopyIcon from "@mui/icons-material/ContentCopy";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";

/** The address people sign up at, ready to copy and send to masters and clients. */
export function SignUpLink() {
  const { t } = useTranslation();
  const toast = useToast();
  const url = `${window.location.origin}/register`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      toast.success(t("settings.linkCopied"));
    } catch {
      // No clipboard (an insecure origin, an old browser): show the link to copy by hand.
      toast.info(url);
    }
  };
  return (
    <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" } }}>
      <TextField label={t("settings.signUpLink")} value={url} slotProps={{ htmlInput: { readOnly: true } }} onFocus={(e) => e.target.select()} />
      <Button startIcon={<ContentCopyIcon />} onClick={() => void copy()} sx={{ flexShrink: 0 }}>
        {t("settings.copy")}
      </Button>
    </Stack>
  );
}
