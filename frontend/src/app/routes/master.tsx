import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import { useParams } from "react-router";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useMasterProfile } from "@/features/reviews/api/get-reviews";
import { MasterProfile } from "@/features/reviews/components/master-profile";

export function MasterRoute() {
  const { id } = useParams();
  const master = useMasterProfile(Number(id));
  if (master.isPending) return <LoadingState />;
  if (master.isError) return <ErrorState error={master.error} onRetry={() => void master.refetch()} />;
  return (
    <Page title={master.data.display_name}>
      <Card sx={{ maxWidth: 720 }}>
        <CardContent>
          <MasterProfile master={master.data} />
        </CardContent>
      </Card>
    </Page>
  );
}
