// `bench doctor`: report what this machine has and lacks; exit 0 when every required check is ok, else 3.
import { Command } from 'commander';
import { ExitCode } from '../errors/bench-error.ts';
import { createConsoleLogger } from '../log/logger.ts';
import { runDoctor } from '../setup/doctor.ts';
import { allRequiredOk, renderDoctorTable, summarize } from '../setup/doctor-table.ts';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check the machine for everything bench needs (changes nothing)')
    .option('--images <flavor>', 'which image flavor to check: local | official (default: as `bench setup` would choose)')
    .option('-v, --verbose', 'print debug output')
    .action(async (opts: { images?: string; verbose?: boolean }) => {
      const logger = createConsoleLogger({ verbose: opts.verbose ?? false });
      const report = await runDoctor({ logger, ...(opts.images === undefined ? {} : { flavor: opts.images }) });
      process.stdout.write(
        `images flavor: ${report.flavor.flavor} (${report.flavor.reason})\n\n${renderDoctorTable(report.checks)}\n\n${summarize(report.checks)}\n`,
      );
      process.exitCode = allRequiredOk(report.checks) ? ExitCode.ok : ExitCode.infrastructure;
    });
}
