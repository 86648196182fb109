import type { JobInfo, ProjectView } from '../../src/shared/contract';
import type { ServiceHost } from '../../src/main/services/createServices';

/** Waits (up to 60 s) until no job of the host is running or queued, and returns the jobs as they ended. */
export async function jobsFinished(host: ServiceHost): Promise<readonly JobInfo[]> {
  for (let i = 0; i < 600; i++) {
    const jobs = await host.services.jobs.list();
    if (jobs.every((j) => j.state !== 'running' && j.state !== 'queued')) return jobs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('jobs did not finish in 60 s');
}

/** The open project as it is once every job has finished. */
export async function settledProjectView(host: ServiceHost): Promise<ProjectView> {
  await jobsFinished(host);
  return (await host.services.project.view())!;
}
