import { createTheme } from "@mui/material/styles";

export const theme = createTheme({
  palette: {
    primary: { main: "#1565c0" },
    // Darker than MUI's defaults so white text on chips and buttons passes WCAG AA (4.5:1).
    secondary: { main: "#00695c" },
    info: { main: "#01579b" },
    warning: { main: "#a84300" },
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
