public enum WXOpenCoreModule {}
