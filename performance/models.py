"""Project performance self-evaluation (项目支出绩效自评)."""
