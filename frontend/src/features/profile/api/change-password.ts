import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { PasswordChangeRequest } from "@/lib/api/types";


/** 204; a wrong current password is 400 with `errors.current_password`, validator messages in `errors.new_password`. */
export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: PasswordChangeRequest) => apiRequest<null>("/me/password/", { method: "POST", json: body }),
  });
