"""Scale-out: input paths in, an export of N-Quads shards (one per input partition) and a manifest
out, with the pipeline run on Dask workers (a local cluster, or a running scheduler).

``dask_engine`` plans the partitions (files, byte ranges of large JSON Lines files), runs each
through ``kg.pipeline.Exporter`` on a worker and commits each shard by rename. Dask itself is an
optional dependency (``pip install 'newskg[dask]'``), imported only when the engine runs.
"""
from kg.scale.dask_engine import Partition, export_dask, plan_partitions, process_partition

__all__ = ["Partition", "export_dask", "plan_partitions", "process_partition"]
