import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";

/*
 * PENDING SCHEMA: the password-reset endpoints are being built on the `product` branch and are not
 * in this branch's OpenAPI schema yet. These two request shapes are written from the agreed
 * contract (issue 12) and must be replaced by the generated `Schemas["..."]` types once the
 * backend is merged and `npm run gen:api` has run.
 */
type PasswordResetRequest = { email: string };
type PasswordResetConfirmRequest = { uid: string; token: string; new_password: string };

/** 202 whether or not the address is known: the screen always says "check your email". */
export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetRequest) => apiRequest<null>("/auth/password-reset/", { method: "POST", json: body, auth: false }),
  });

/** 204 on success; a used, expired or forged link answers 400 `reset_link_invalid`. */
export const useConfirmPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetConfirmRequest) =>
      apiRequest<null>("/auth/password-reset/confirm/", { method: "POST", json: body, auth: false }),
  });
