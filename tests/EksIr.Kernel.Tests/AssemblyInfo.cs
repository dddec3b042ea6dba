// .NET Interactive's Formatter is process-wide: kernels created by parallel tests would register formatters while
// others format. Run these tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
