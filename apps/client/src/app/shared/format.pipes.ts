import { Pipe, PipeTransform } from '@angular/core';
import { unitFormatters, WEB_STYLE, type Nullable } from '@llm-calc/units';

/**
 * Unit formatting for the whole client, in one place: Angular pipes over @llm-calc/units, the
 * rules the CLI's report uses too, so a figure reads the same on the page and in a terminal.
 * Decimal prefixes throughout: GB = 10^9 bytes (the vendors' label for GPU memory), never GiB.
 */
const units = unitFormatters(WEB_STYLE);

export const formatSignificant = units.significant;
export const formatBytes = units.bytes;
export const formatBandwidth = units.bandwidth;
export const formatFlops = units.flops;
export const formatDuration = units.duration;
export const formatTokensPerSecond = units.tokensPerSecond;
export const formatParameters = units.parameters;
export const formatCount = units.count;
export const formatUsd = units.usd;
export const formatLongDuration = units.longDuration;
export const formatGpuHours = units.gpuHours;

@Pipe({ name: 'bytes' })
export class BytesPipe implements PipeTransform {
  transform(value: Nullable, unit?: 'GB' | 'MB' | 'TB'): string {
    return formatBytes(value, unit);
  }
}

@Pipe({ name: 'bandwidth' })
export class BandwidthPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatBandwidth(value);
  }
}

@Pipe({ name: 'flops' })
export class FlopsPipe implements PipeTransform {
  transform(value: Nullable, perSecond = false): string {
    return formatFlops(value, perSecond);
  }
}

@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  transform(seconds: Nullable): string {
    return formatDuration(seconds);
  }
}

@Pipe({ name: 'tokensPerSecond' })
export class TokensPerSecondPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatTokensPerSecond(value);
  }
}

@Pipe({ name: 'parameters' })
export class ParametersPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatParameters(value);
  }
}

@Pipe({ name: 'count' })
export class CountPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatCount(value);
  }
}

@Pipe({ name: 'usd' })
export class UsdPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatUsd(value);
  }
}

@Pipe({ name: 'longDuration' })
export class LongDurationPipe implements PipeTransform {
  transform(seconds: Nullable): string {
    return formatLongDuration(seconds);
  }
}

@Pipe({ name: 'gpuHours' })
export class GpuHoursPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatGpuHours(value);
  }
}
