import { createTheme } from "@mui/material/styles";

export const theme = createTheme({
  palette: {
    primary: { main: "#1565c0" },
    secondary: { main: "#00897b" },
    background: { default: "#f5f7fa" },
  },
  shape: { borderRadius: 10 },
  typography: {
    fontFamily: '"Roboto", "Segoe UI", "Helvetica Neue", Arial, sans-serif',
    h1: { fontSize: "1.6rem", fontWeight: 600 },
    h2: { fontSize: "1.3rem", fontWeight: 600 },
    h3: { fontSize: "1.1rem", fontWeight: 600 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: "none" } } },
    MuiTextField: { defaultProps: { fullWidth: true, size: "small" } },
    MuiCard: { defaultProps: { variant: "outlined" } },
  },
});
